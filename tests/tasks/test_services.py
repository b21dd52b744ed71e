from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from resolutions.models import Membership
from resolutions.services import document_create
from tasks.models import Blocker, Extension, Task, TaskChange
from tasks.selectors import tasks_visible_to
from tasks.services import (
    blocker_raise,
    blocker_resolve,
    extension_approve,
    extension_reject,
    extension_request,
    task_create,
    task_report_progress,
)
from tests.factories import DocumentFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_create_keeps_original_and_in_force_deadline(task):
    assert task.original_deadline == task.deadline == date(2025, 12, 31)
    assert task.changes.get().field == "created"


def test_deadline_before_assigned_is_refused(today, coordinator, unit):
    with pytest.raises(ValidationError) as error:
        task_create(
            user=coordinator,
            document=DocumentFactory(),
            title="x",
            lead_unit=unit,
            assigned_on=date(2025, 5, 1),
            deadline=date(2025, 4, 1),
        )
    assert "deadline" in error.value.message_dict
    assert not Task.objects.exists()


def test_staff_cannot_create_tasks(today, staff, unit):
    with pytest.raises(PermissionDenied):
        task_create(
            user=staff,
            document=DocumentFactory(),
            title="x",
            lead_unit=unit,
            assigned_on=date(2025, 1, 1),
        )


def test_progress_report_writes_history_of_each_change(task, staff):
    task_report_progress(user=staff, task=task, status="in_progress", percent=40, note="Đang làm")
    fields = set(TaskChange.objects.filter(task=task).values_list("field", flat=True))
    assert fields == {"created", "status", "percent"}
    change = TaskChange.objects.get(task=task, field="percent")
    assert (change.before, change.after, change.changed_by) == ("0", "40", staff)


def test_completing_sets_the_date_and_full_percent(task, staff, today):
    task = task_report_progress(user=staff, task=task, status="completed", percent=70)
    assert (task.completed_on, task.percent, task.started_on) == (today, 100, today)


def test_completion_date_in_the_future_is_refused(task, staff):
    with pytest.raises(ValidationError):
        task_report_progress(
            user=staff, task=task, status="completed", percent=100, on=date(2026, 1, 1)
        )


def test_stale_form_is_refused_and_changes_nothing(task, staff):
    opened = task.version
    task_report_progress(user=staff, task=task, status="in_progress", percent=10)
    with pytest.raises(ValidationError) as error:
        task_report_progress(
            user=staff, task=task, status="in_progress", percent=90, expected_version=opened
        )
    assert error.value.code == "stale"
    assert Task.objects.get(pk=task.pk).percent == 10


def test_staff_of_another_unit_cannot_report(today, coordinator, other_unit, staff):
    foreign = task_create(
        user=coordinator,
        document=DocumentFactory(),
        title="x",
        lead_unit=other_unit,
        assigned_on=date(2025, 1, 1),
    )
    with pytest.raises(PermissionDenied):
        task_report_progress(user=staff, task=foreign, status="in_progress", percent=5)


def test_leader_reads_but_changes_nothing(task, leader):
    with pytest.raises(PermissionDenied):
        task_report_progress(user=leader, task=task, status="in_progress", percent=5)


def test_percent_out_of_range_is_refused(task, staff):
    with pytest.raises(ValidationError) as error:
        task_report_progress(user=staff, task=task, status="in_progress", percent=101)
    assert "percent" in error.value.message_dict


def test_approved_extension_moves_deadline_in_force_and_keeps_original(task, staff, coordinator):
    extension = extension_request(
        user=staff, task=task, requested_deadline=date(2026, 6, 30), reason="Chờ kinh phí"
    )
    extension_approve(user=coordinator, extension=extension)
    task.refresh_from_db()
    assert (task.original_deadline, task.deadline) == (date(2025, 12, 31), date(2026, 6, 30))
    assert task.extension_count == 1
    assert task.changes.filter(field="deadline").count() == 1


def test_staff_cannot_approve_extensions(task, staff):
    extension = extension_request(
        user=staff, task=task, requested_deadline=date(2026, 6, 30), reason="r"
    )
    with pytest.raises(PermissionDenied):
        extension_approve(user=staff, extension=extension)


def test_rejected_extension_keeps_the_deadline(task, staff, coordinator):
    extension = extension_request(
        user=staff, task=task, requested_deadline=date(2026, 6, 30), reason="r"
    )
    extension_reject(user=coordinator, extension=extension, note="Không đủ căn cứ")
    task.refresh_from_db()
    assert task.deadline == date(2025, 12, 31)
    assert Extension.objects.get().status == Extension.Status.REJECTED


def test_a_second_pending_request_is_refused(task, staff):
    extension_request(user=staff, task=task, requested_deadline=date(2026, 6, 30), reason="r")
    with pytest.raises(ValidationError):
        extension_request(user=staff, task=task, requested_deadline=date(2026, 9, 30), reason="r")


def test_extension_must_move_the_deadline_later(task, staff):
    with pytest.raises(ValidationError):
        extension_request(user=staff, task=task, requested_deadline=date(2025, 6, 30), reason="r")


def test_document_code_is_normalised_on_create(today, coordinator):
    document = document_create(
        user=coordinator, code="57-nq/tw", issued_on=date(2024, 12, 22), title="Nghị quyết 57"
    )
    assert (document.code, document.doc_type, document.issuer) == ("57-NQ/TW", "NQ", "TW")


def test_malformed_document_code_is_refused(today, coordinator):
    with pytest.raises(ValidationError) as error:
        document_create(user=coordinator, code="abc", issued_on=date(2024, 12, 22), title="x")
    assert "code" in error.value.message_dict


def test_staff_see_tasks_of_their_unit_and_those_they_support(today, staff, unit, other_unit):
    own = TaskFactory(lead_unit=unit)
    supported = TaskFactory(lead_unit=other_unit)
    supported.supporting_units.add(unit)
    TaskFactory(lead_unit=other_unit)
    assert set(tasks_visible_to(staff)) == {own, supported}


# Blockers (vướng mắc) -------------------------------------------------------------------------


@pytest.fixture
def blocker(task, staff):
    return blocker_raise(user=staff, task=task, description="Chưa có kinh phí thuê máy chủ")


@pytest.fixture
def other_staff(other_unit):
    return UserFactory(role=Membership.Role.STAFF, role__unit=other_unit)


def test_staff_of_the_lead_unit_raise_a_blocker_as_of_today(blocker, staff, today):
    assert (blocker.raised_by, blocker.raised_on, blocker.is_open) == (staff, today, True)


@pytest.mark.parametrize("who", ["leader", "other_staff"])
def test_only_those_who_may_change_the_task_raise_blockers(task, request, who):
    with pytest.raises(PermissionDenied):
        blocker_raise(user=request.getfixturevalue(who), task=task, description="x")


def test_raising_a_blocker_writes_its_history(blocker, task):
    change = task.changes.get(field="blocker")
    assert (change.before, change.after, change.note) == ("", "open", blocker.description)


def test_blocker_raised_on_a_past_day_keeps_that_day(task, staff):
    blocker = blocker_raise(user=staff, task=task, description="x", on=date(2025, 9, 1))
    assert blocker.raised_on == task.changes.get(field="blocker").effective_on == date(2025, 9, 1)


def test_blocker_raised_before_the_task_was_assigned_is_refused(task, staff):
    with pytest.raises(ValidationError) as error:
        blocker_raise(user=staff, task=task, description="x", on=date(2025, 1, 1))
    assert "on" in error.value.message_dict


def test_blocker_without_a_description_is_refused(task, staff):
    with pytest.raises(ValidationError) as error:
        blocker_raise(user=staff, task=task, description="  ")
    assert "description" in error.value.message_dict


def test_completed_task_takes_no_new_blocker(task, staff):
    task_report_progress(user=staff, task=task, status="completed", percent=100)
    with pytest.raises(ValidationError):
        blocker_raise(user=staff, task=task, description="x")


@pytest.mark.parametrize("who", ["coordinator", "staff"])
def test_coordinators_and_the_lead_units_staff_resolve_blockers(blocker, request, who, today):
    resolved = blocker_resolve(
        user=request.getfixturevalue(who), blocker=blocker, resolution="Đã bố trí vốn"
    )
    assert (resolved.resolved_on, resolved.resolution, resolved.is_open) == (
        today,
        "Đã bố trí vốn",
        False,
    )


@pytest.mark.parametrize("who", ["leader", "other_staff"])
def test_leaders_and_other_units_cannot_resolve_blockers(blocker, request, who):
    with pytest.raises(PermissionDenied):
        blocker_resolve(user=request.getfixturevalue(who), blocker=blocker, resolution="x")
    assert Blocker.objects.get().is_open


def test_resolving_twice_is_refused(blocker, coordinator):
    blocker_resolve(user=coordinator, blocker=blocker, resolution="Đã bố trí vốn")
    with pytest.raises(ValidationError):
        blocker_resolve(user=coordinator, blocker=blocker, resolution="Lần nữa")


def test_resolving_writes_history_by_the_resolver(blocker, task, coordinator):
    blocker_resolve(user=coordinator, blocker=blocker, resolution="Đã bố trí vốn")
    change = task.changes.filter(field="blocker").first()
    assert (change.before, change.after, change.note, change.changed_by) == (
        "open",
        "resolved",
        "Đã bố trí vốn",
        coordinator,
    )


def test_resolving_without_saying_how_is_refused(blocker, coordinator):
    with pytest.raises(ValidationError) as error:
        blocker_resolve(user=coordinator, blocker=blocker, resolution="")
    assert "resolution" in error.value.message_dict
