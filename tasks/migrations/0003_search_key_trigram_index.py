"""A trigram index for the contains-search on task titles (PostgreSQL only; on SQLite the
same queries run without it). Not in Meta.indexes: SQLite has no GIN."""

from django.db import migrations

INDEX = "tasks_task_search_key_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON tasks_task USING gin (search_key gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0002_evidence_private_storage"),
    ]

    operations = [migrations.RunPython(create, drop)]
