import pytest
from django.core.exceptions import ValidationError

from resolutions.models import Document
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_unit_path_follows_the_tree():
    city = UnitFactory(code="DN")
    ward = UnitFactory(code="DN-HC", parent=city)
    assert ward.path == "DN/DN-HC/"


def test_document_clean_rejects_malformed_code():
    document = Document(code="abc", issued_on="2024-12-22", title="x")
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "code" in error.value.message_dict


def test_same_code_on_another_day_is_another_document():
    for day in ("2020-01-01", "2024-12-22"):
        document = Document(code="57-NQ/TW", issued_on=day, title="x")
        document.full_clean()
        document.save()
    assert Document.objects.filter(code="57-NQ/TW").count() == 2
