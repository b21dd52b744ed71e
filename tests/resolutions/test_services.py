from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from resolutions.services import document_update
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_update_normalises_the_code(coordinator):
    document = document_update(
        user=coordinator,
        document=DocumentFactory(),
        code="57-nq/tw",
        issued_on=date(2024, 12, 22),
        title="Nghị quyết 57",
    )
    assert (document.code, document.number, document.issuer) == ("57-NQ/TW", 57, "TW")


def test_update_refuses_a_malformed_code(coordinator):
    with pytest.raises(ValidationError) as error:
        document_update(
            user=coordinator,
            document=DocumentFactory(),
            code="abc",
            issued_on=date(2024, 12, 22),
            title="x",
        )
    assert "code" in error.value.message_dict


def test_a_document_cannot_implement_itself(coordinator):
    document = DocumentFactory()
    with pytest.raises(ValidationError):
        document_update(
            user=coordinator,
            document=document,
            code=document.code,
            issued_on=document.issued_on,
            title=document.title,
            parent=document,
        )


def test_staff_cannot_update_documents(staff):
    with pytest.raises(PermissionDenied):
        document_update(
            user=staff,
            document=DocumentFactory(),
            code="1-NQ/TU",
            issued_on=date(2024, 1, 1),
            title="x",
        )
