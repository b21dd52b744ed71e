import unicodedata

from django.db import migrations, models


def fold(text):
    """resolutions.codes.fold as it was when this migration was written."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def fill_name_keys(apps, schema_editor):
    Unit = apps.get_model("resolutions", "Unit")
    units = list(Unit.objects.only("pk", "name"))
    for unit in units:
        unit.name_key = fold(unit.name)
    Unit.objects.bulk_update(units, ["name_key"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("resolutions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="name_key",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop),
    ]
