"""POST /api/v1/imports/tasks/ and its confirm: the shape promised, all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from resolutions.models import Membership
from tasks.models import Task
from tests.factories import DocumentFactory, UserFactory
from tests.tasks.import_files import spreadsheet, task_row

pytestmark = pytest.mark.django_db
URL = "/api/v1/imports/tasks/"


@pytest.fixture
def document(db):
    return DocumentFactory(code="57-NQ/TW")


def upload(api, rows):
    return api.post(URL, {"file": spreadsheet(rows)}, format="multipart")


def test_upload_answers_201_with_rows_valid_and_errors(
    document, unit, other_unit, coordinator, api_as, today
):
    response = upload(api_as(coordinator), [task_row(1), task_row(2, lead_unit="NOPE")])
    assert response.status_code == 201
    body = response.json()
    assert (body["rows"], body["valid"]) == (2, 1)
    assert body["errors"] == [
        {"row": 3, "column": "Mã đơn vị chủ trì", "message": "Không có đơn vị mã “NOPE”."}
    ]
    assert set(body) >= {"id", "rows", "valid", "errors"}


def test_confirm_creates_every_row(document, unit, other_unit, coordinator, api_as, today):
    api = api_as(coordinator)
    created = upload(api, [task_row(1), task_row(2)]).json()
    response = api.post(f"{URL}{created['id']}/confirm/")
    assert response.status_code == 200
    assert response.json()["created"] == 2
    assert Task.objects.count() == 2


def test_confirm_with_a_bad_row_is_a_400_and_creates_nothing(
    document, unit, other_unit, coordinator, api_as, today
):
    api = api_as(coordinator)
    created = upload(api, [task_row(1), task_row(2, assigned_on="hôm qua")]).json()
    response = api.post(f"{URL}{created['id']}/confirm/")
    assert response.status_code == 400
    assert not Task.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_a_400_with_the_reason(coordinator, api_as, today):
    response = api_as(coordinator).post(
        URL, {"file": SimpleUploadedFile("a.xlsx", b"hello")}, format="multipart"
    )
    assert response.status_code == 400
    assert "không phải tệp Excel" in str(response.json())


def test_unit_staff_may_not_upload(staff, api_as, today):
    assert upload(api_as(staff), [task_row(1)]).status_code == 403


def test_another_coordinators_import_is_not_found(
    document, unit, other_unit, coordinator, api_as, today
):
    created = upload(api_as(coordinator), [task_row(1)]).json()
    other = UserFactory(role=Membership.Role.COORDINATOR)
    assert api_as(other).post(f"{URL}{created['id']}/confirm/").status_code == 404
