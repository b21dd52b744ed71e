"""Excel import of tasks: every row checked, then all created in one transaction or none."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from resolutions.models import Membership
from tasks.imports.services import import_progress, task_import_check, task_import_confirm
from tasks.models import Task, TaskChange, TaskImport
from tests.conftest import one_statement_per_bulk_insert
from tests.factories import DocumentFactory, TaskFactory, UserFactory
from tests.tasks.import_files import HEADER, spreadsheet, task_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(db):
    return DocumentFactory(code="57-NQ/TW")


def check(user, upload) -> TaskImport:
    return task_import_check(user=user, upload=upload, name=upload.name, size=upload.size)


def errors_of(task_import: TaskImport) -> list[tuple[int, str]]:
    return [(error["row"], error["column"]) for error in task_import.errors]


def test_good_file_creates_every_row_on_confirm(document, unit, other_unit, coordinator, today):
    task_import = check(coordinator, spreadsheet([task_row(1), task_row(2)]))
    assert (task_import.row_count, task_import.valid_count, task_import.errors) == (2, 2, [])
    task_import_confirm(user=coordinator, task_import=task_import)
    tasks = Task.objects.filter(document=document).order_by("id")
    assert [task.title for task in tasks] == [
        "Số hóa hồ sơ lưu trữ đợt 1",
        "Số hóa hồ sơ lưu trữ đợt 2",
    ]
    assert all(task.lead_unit == unit for task in tasks)
    assert [list(task.supporting_units.all()) for task in tasks] == [[other_unit], [other_unit]]
    assert tasks[0].deadline == tasks[0].original_deadline == date(2025, 12, 31)


def test_imported_task_has_its_creation_in_the_history(
    document, unit, other_unit, coordinator, today
):
    task_import_confirm(
        user=coordinator, task_import=check(coordinator, spreadsheet([task_row(1)]))
    )
    change = TaskChange.objects.get(task__document=document)
    assert (change.field, change.changed_by, change.effective_on) == (
        "created",
        coordinator,
        date(2025, 1, 10),
    )


def test_imported_task_is_found_by_search(document, unit, other_unit, coordinator, today):
    task_import_confirm(
        user=coordinator, task_import=check(coordinator, spreadsheet([task_row(1)]))
    )
    assert Task.objects.get().search_key == " so hoa ho so luu tru dot 1 "


def test_task_without_deadline_is_imported_as_ongoing(
    document, unit, other_unit, coordinator, today
):
    upload = spreadsheet([task_row(1, deadline=None)])
    task_import_confirm(user=coordinator, task_import=check(coordinator, upload))
    assert Task.objects.get().deadline is None


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"document": "abc"}, "Mã văn bản"),
        ({"document": "99-NQ/TW"}, "Mã văn bản"),
        ({"lead_unit": "NOPE"}, "Mã đơn vị chủ trì"),
        ({"supporting_units": "DN-SNV; NOPE"}, "Mã đơn vị phối hợp"),
        ({"title": ""}, "Nhiệm vụ"),
        ({"assigned_on": "31/02/2025"}, "Ngày giao"),
        ({"deadline": "01/01/2025"}, "Hạn hoàn thành"),
        ({"title": "x" * 501}, "Nhiệm vụ"),
    ],
)
def test_bad_cell_is_reported_with_its_row_and_column(
    document, unit, other_unit, coordinator, today, changes, column
):
    task_import = check(coordinator, spreadsheet([task_row(1), task_row(2, **changes)]))
    assert errors_of(task_import) == [(3, column)]
    assert task_import.valid_count == 1


def test_same_task_twice_in_the_file_is_refused_on_the_second_row(
    document, unit, other_unit, coordinator, today
):
    task_import = check(coordinator, spreadsheet([task_row(1), task_row(2), task_row(1)]))
    assert errors_of(task_import) == [(4, "Nhiệm vụ")]
    assert "dòng 2" in task_import.errors[0]["message"]


def test_task_already_tracked_is_refused(document, unit, other_unit, coordinator, today):
    TaskFactory(document=document, lead_unit=unit, title="Số hóa hồ sơ lưu trữ đợt 1")
    task_import = check(coordinator, spreadsheet([task_row(1)]))
    assert errors_of(task_import) == [(2, "Nhiệm vụ")]


def test_mixed_file_is_refused_on_confirm_and_creates_nothing(
    document, unit, other_unit, coordinator, today
):
    task_import = check(coordinator, spreadsheet([task_row(1), task_row(2, lead_unit="NOPE")]))
    with pytest.raises(ValidationError):
        task_import_confirm(user=coordinator, task_import=task_import)
    assert not Task.objects.exists()


def test_one_bad_row_among_500_creates_nothing_and_names_that_row_and_column(
    document, unit, other_unit, coordinator, today
):
    rows = [task_row(n) for n in range(500)]
    rows[321] = task_row(321, deadline="01/01/2024")
    task_import = check(coordinator, spreadsheet(rows))
    assert errors_of(task_import) == [(323, "Hạn hoàn thành")]
    with pytest.raises(ValidationError):
        task_import_confirm(user=coordinator, task_import=task_import)
    assert not Task.objects.exists()


def test_row_turned_bad_after_the_check_is_caught_on_confirm(
    document, unit, other_unit, coordinator, today
):
    task_import = check(coordinator, spreadsheet([task_row(1)]))
    TaskFactory(document=document, lead_unit=unit, title="Số hóa hồ sơ lưu trữ đợt 1")
    with pytest.raises(ValidationError):
        task_import_confirm(user=coordinator, task_import=task_import)
    assert Task.objects.count() == 1


def test_large_import_runs_in_celery_and_reports_full_progress(
    document, unit, other_unit, coordinator, today, settings, django_capture_on_commit_callbacks
):
    settings.TASK_IMPORT_SYNC_ROWS = 2
    task_import = check(coordinator, spreadsheet([task_row(n) for n in range(5)]))
    with django_capture_on_commit_callbacks(execute=True):  # eager Celery in tests
        task_import_confirm(user=coordinator, task_import=task_import)
    task_import.refresh_from_db()
    assert (task_import.status, task_import.created_count) == (TaskImport.Status.DONE, 5)
    assert import_progress(task_import) == 100


def test_confirmed_import_cannot_be_confirmed_again(document, unit, other_unit, coordinator, today):
    task_import = task_import_confirm(
        user=coordinator, task_import=check(coordinator, spreadsheet([task_row(1)]))
    )
    with pytest.raises(ValidationError):
        task_import_confirm(user=coordinator, task_import=task_import)
    assert Task.objects.count() == 1


def test_file_that_is_not_a_spreadsheet_is_refused_as_such(coordinator, today):
    upload = SimpleUploadedFile("tasks.xlsx", b"%PDF-1.4 not a spreadsheet")
    with pytest.raises(ValidationError, match="không phải tệp Excel"):
        check(coordinator, upload)


def test_file_too_large_is_refused(coordinator, today, settings):
    settings.TASK_IMPORT_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="quá lớn"):
        check(coordinator, spreadsheet([task_row(1)]))


def test_file_without_the_template_columns_names_those_missing(coordinator, today):
    upload = spreadsheet([task_row(1)], header=["Tên", *HEADER[2:]])
    with pytest.raises(ValidationError, match="Mã văn bản, Nhiệm vụ"):
        check(coordinator, upload)


def test_unit_staff_may_not_import(staff, today):
    with pytest.raises(PermissionDenied):
        check(staff, spreadsheet([task_row(1)]))


@pytest.mark.parametrize("rows", [1, 100])
def test_check_reads_a_fixed_number_of_queries(
    document, unit, other_unit, coordinator, today, django_assert_max_num_queries, rows
):
    upload = spreadsheet([task_row(n) for n in range(rows)])
    with django_assert_max_num_queries(6):  # with the coordinator's roles
        check(coordinator, upload)


@pytest.mark.parametrize("rows", [1, pytest.param(100, marks=one_statement_per_bulk_insert)])
def test_confirm_writes_a_fixed_number_of_queries(
    document, unit, other_unit, coordinator, today, django_assert_max_num_queries, rows
):
    task_import = check(coordinator, spreadsheet([task_row(n) for n in range(rows)]))
    with django_assert_max_num_queries(14):
        task_import_confirm(user=coordinator, task_import=task_import)
    assert Task.objects.count() == rows


def test_rows_outside_what_the_coordinator_manages_are_refused_when_checked(
    document, unit, other_unit, today
):
    # issue 13: a coordinator of one department neither adds to a central document nor
    # assigns to another department; told per row, before anything is created
    scoped = UserFactory(username="scoped", role=Membership.Role.COORDINATOR, role__unit=other_unit)
    task_import = check(scoped, spreadsheet([task_row(1)]))
    assert errors_of(task_import) == [(2, "Mã văn bản"), (2, "Mã đơn vị chủ trì")]
    with pytest.raises(ValidationError):
        task_import_confirm(user=scoped, task_import=task_import)
    assert not Task.objects.exists()
