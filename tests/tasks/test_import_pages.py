"""The import pages: template, upload, preview with errors, confirm, progress."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tasks.models import Task, TaskImport
from tests.factories import DocumentFactory
from tests.tasks.import_files import spreadsheet, task_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(db):
    return DocumentFactory(code="57-NQ/TW")


def test_template_has_the_columns_an_example_and_the_codes(
    document, unit, other_unit, client, coordinator, today
):
    client.force_login(coordinator)
    response = client.get(reverse("tasks:import_template"))
    book = load_workbook(BytesIO(response.content))
    tasks, codes = book.worksheets
    header = [cell.value for cell in tasks[1]]
    assert header[:2] == ["Mã văn bản *", "Nhiệm vụ *"]
    assert tasks["A2"].value == "57-NQ/TW"
    listed = {row[0] for row in codes.iter_rows(min_row=2, values_only=True)}
    assert {"DN-SKHCN", "DN-SNV"} <= listed
    assert "57-NQ/TW" in {row[3] for row in codes.iter_rows(min_row=2, values_only=True)}


def test_filled_template_example_row_passes_the_check(
    document, unit, other_unit, client, coordinator, today
):
    """The template's own header and example are read as the import expects them."""
    client.force_login(coordinator)
    template = client.get(reverse("tasks:import_template")).content
    book = load_workbook(BytesIO(template))
    book.worksheets[0]["D2"] = "DN-SKHCN"
    book.worksheets[0]["E2"] = "DN-SNV"
    buffer = BytesIO()
    book.save(buffer)
    buffer.name = "mau.xlsx"
    buffer.seek(0)
    client.post(reverse("tasks:import_upload"), {"file": buffer})
    assert TaskImport.objects.get().errors == []


def test_upload_shows_the_preview_with_each_error(
    document, unit, other_unit, client, coordinator, today
):
    client.force_login(coordinator)
    upload = spreadsheet([task_row(1), task_row(2, lead_unit="NOPE")])
    response = client.post(reverse("tasks:import_upload"), {"file": upload}, follow=True)
    page = response.content.decode()
    assert "Không có đơn vị mã “NOPE”." in page
    assert "Mã đơn vị chủ trì" in page
    assert "Tạo 2 nhiệm vụ" not in page


def test_a_file_that_is_not_a_spreadsheet_comes_back_with_the_reason(client, coordinator, today):
    client.force_login(coordinator)
    upload = BytesIO(b"not a spreadsheet")
    upload.name = "a.xlsx"
    page = client.post(reverse("tasks:import_upload"), {"file": upload}).content.decode()
    assert "Đây không phải tệp Excel (.xlsx)." in page
    assert not TaskImport.objects.exists()


def test_confirm_with_htmx_answers_the_status_with_the_tasks_created(
    document, unit, other_unit, client, coordinator, today
):
    client.force_login(coordinator)
    client.post(reverse("tasks:import_upload"), {"file": spreadsheet([task_row(1)])})
    task_import = TaskImport.objects.get()
    response = client.post(
        reverse("tasks:import_confirm", args=[task_import.pk]), headers={"HX-Request": "true"}
    )
    assert 'data-testid="import-done"' in response.content.decode()
    assert Task.objects.count() == 1


def test_queued_import_status_asks_to_be_polled(
    document, unit, other_unit, client, coordinator, today
):
    client.force_login(coordinator)
    client.post(reverse("tasks:import_upload"), {"file": spreadsheet([task_row(1)])})
    task_import = TaskImport.objects.get()
    TaskImport.objects.filter(pk=task_import.pk).update(status=TaskImport.Status.QUEUED)
    page = client.get(reverse("tasks:import_status", args=[task_import.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert "<progress" in page


def test_unit_staff_may_not_open_the_import(client, staff, today):
    client.force_login(staff)
    assert client.get(reverse("tasks:import_upload")).status_code == 403
