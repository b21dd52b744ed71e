"""The .xlsx downloads of task lists and dashboard tables: the same rows and figures as the
page, numbers as numbers, dates as dates, header frozen."""

from datetime import date, datetime
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from reports.spreadsheets import HEADER_ROW
from resolutions.models import Document, Unit

pytestmark = pytest.mark.django_db


def demo_user(name: str):
    return get_user_model().objects.get(username=name)


def sheets(response) -> dict:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return {sheet.title: sheet for sheet in load_workbook(BytesIO(response.content)).worksheets}


def rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True))


def header(sheet) -> list:
    return [cell.value for cell in sheet[HEADER_ROW]]


def test_document_dashboard_units_sheet_has_the_summary_figures(seeded, client, today):
    document = Document.objects.get(code="57-NQ/TW")
    client.force_login(demo_user("leader"))
    summary = client.get("/api/v1/summary/", {"document": "57-NQ/TW"}).json()
    url = reverse("reports:document", args=[document.pk])
    units = list(sheets(client.get(url, {"export": "xlsx"})).values())[0]
    got = [(row[1], row[3], row[7], row[8] and float(row[8])) for row in rows(units)]
    expected = [
        (unit["unit"], unit["total"], unit["overdue"], unit["completion_rate"])
        for unit in summary["units"]
    ]
    assert got == expected


def test_dashboard_sheet_freezes_its_header(seeded, client, today):
    client.force_login(demo_user("leader"))
    document = Document.objects.get(code="57-NQ/TW")
    response = client.get(reverse("reports:document", args=[document.pk]), {"export": "xlsx"})
    for sheet in sheets(response).values():
        assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"


def test_overdue_sheet_has_dates_as_dates_and_days_as_numbers(seeded, client, today):
    client.force_login(demo_user("leader"))
    document = Document.objects.get(code="57-NQ/TW")
    response = client.get(reverse("reports:document", args=[document.pk]), {"export": "xlsx"})
    overdue = rows(sheets(response)["Nhiệm vụ quá hạn"])
    assert len(overdue) == 2
    assert all(isinstance(row[2], datetime) and isinstance(row[3], int) for row in overdue)


def test_unit_dashboard_adds_its_documents_sheet(seeded, client, today):
    client.force_login(demo_user("leader"))
    unit = Unit.objects.get(code="DN")
    response = client.get(reverse("reports:unit", args=[unit.pk]), {"export": "xlsx"})
    documents = rows(sheets(response)["Văn bản"])
    assert "57-NQ/TW" in [row[0] for row in documents]


def test_home_export_has_each_document_with_its_figures(seeded, client, today):
    client.force_login(demo_user("leader"))
    documents = rows(sheets(client.get(reverse("home"), {"export": "xlsx"}))["Văn bản"])
    row_57 = next(row for row in documents if row[0] == "57-NQ/TW")
    assert (row_57[2], row_57[3], row_57[5], float(row_57[6])) == (75, 32, 2, 42.7)


def test_task_list_export_has_every_filtered_row_not_only_the_first_page(seeded, client, today):
    client.force_login(demo_user("coordinator"))
    document = Document.objects.get(code="57-NQ/TW")
    response = client.get(reverse("tasks:list"), {"document": document.pk, "export": "xlsx"})
    tasks = rows(sheets(response)["Nhiệm vụ"])
    assert len(tasks) == document.tasks.count()
    assert all(isinstance(row[3], datetime) for row in tasks)
    assert all(isinstance(row[7], int) for row in tasks)


def test_drill_down_export_has_the_tasks_behind_the_figure(seeded, client, today):
    client.force_login(demo_user("leader"))
    document = Document.objects.get(code="57-NQ/TW")
    query = {"document": document.pk, "state": "overdue", "as_of": "2025-09-30"}
    tasks = rows(
        sheets(client.get(reverse("reports:tasks"), query | {"export": "xlsx"}))["Nhiệm vụ"]
    )
    assert len(tasks) == 2
    assert all(row[4] < date(2025, 9, 30) for row in (r[:4] + (r[4].date(),) for r in tasks))


def test_task_list_page_links_its_own_filters_to_the_spreadsheet(seeded, client, today):
    client.force_login(demo_user("coordinator"))
    page = client.get(
        reverse("tasks:list"), {"status": "in_progress", "page": "2"}
    ).content.decode()
    assert "?status=in_progress&amp;export=xlsx" in page
