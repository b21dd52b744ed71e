"""The lifecycle (tasks/lifecycle.py) for each transition and role, through the service;
tests/tasks/test_lifecycle_doors.py drives the same through the web form and the API."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reports.counting import completion_history, task_counts
from resolutions.models import Membership
from tasks import lifecycle
from tasks.cancellation import (
    change_request_approve,
    change_request_create,
    change_request_reject,
    task_cancel,
)
from tasks.models import ChangeRequest, Notification, Task, TaskChange
from tasks.services import (
    extension_request,
    task_confirm_completion,
    task_reopen,
    task_report_progress,
    task_send_back,
)
from tests.factories import DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Task.Status
STAFF_CANNOT_CANCEL = "Cán bộ đơn vị không được dừng thực hiện nhiệm vụ"


def _reported(task, user, status, percent, on=None):
    return task_report_progress(user=user, task=task, status=status, percent=percent, on=on)


@pytest.fixture
def completed(task, staff):
    _reported(task, staff, Status.IN_PROGRESS, 60, date(2025, 3, 1))
    return _reported(task, staff, Status.COMPLETED, 100, date(2025, 9, 1))


# Staff never cancel ----------------------------------------------------------------------


def test_staff_cancelling_through_the_service_is_refused_with_a_vietnamese_message(task, staff):
    with pytest.raises(PermissionDenied, match=STAFF_CANNOT_CANCEL):
        task_cancel(user=staff, task=task, reason="Không còn phù hợp")
    task.refresh_from_db()
    assert task.status == Status.NOT_STARTED and task.cancelled_on is None


def test_staff_reporting_the_cancelled_status_is_refused_with_the_same_message(task, staff):
    with pytest.raises(PermissionDenied, match=STAFF_CANNOT_CANCEL):
        _reported(task, staff, Status.CANCELLED, 0)
    assert not TaskChange.objects.filter(field="status").exists()


def test_a_coordinator_reporting_the_cancelled_status_is_sent_to_the_cancel_action(
    task, coordinator
):
    with pytest.raises(ValidationError) as error:
        _reported(task, coordinator, Status.CANCELLED, 0)
    assert "Dừng thực hiện" in error.value.message_dict["status"][0]


def test_a_leader_may_not_cancel(task, leader):
    with pytest.raises(PermissionDenied):
        task_cancel(user=leader, task=task, reason="x")


# Coordinators cancel from a business day -------------------------------------------------


def test_coordinator_cancels_from_a_business_day_and_history_keeps_the_reason(task, coordinator):
    task = task_cancel(user=coordinator, task=task, reason="Trùng nhiệm vụ", on=date(2025, 6, 2))
    assert (task.status, task.cancelled_on) == (Status.CANCELLED, date(2025, 6, 2))
    change = task.changes.get(field=TaskChange.Field.STATUS)
    assert (change.after, change.note, change.effective_on) == (
        "cancelled",
        "Trùng nhiệm vụ",
        date(2025, 6, 2),
    )


def test_a_cancelled_task_counts_up_to_the_day_before_its_cancellation(task, coordinator):
    task_cancel(user=coordinator, task=task, reason="Trùng nhiệm vụ", on=date(2025, 6, 2))
    tasks = Task.objects.all()
    assert task_counts(tasks, as_of=date(2025, 6, 1)).total == 1
    assert task_counts(tasks, as_of=date(2025, 6, 2)).total == 0
    history = completion_history(tasks, key="document", days=[date(2025, 6, 2)])
    assert history[task.document_id].cancelled == 1


def test_cancelling_needs_a_reason(task, coordinator):
    with pytest.raises(ValidationError) as error:
        task_cancel(user=coordinator, task=task, reason="  ")
    assert "reason" in error.value.message_dict


def test_cancelling_from_a_future_day_is_refused_naming_the_field(task, coordinator):
    with pytest.raises(ValidationError) as error:
        task_cancel(user=coordinator, task=task, reason="x", on=date(2025, 10, 1))
    assert error.value.message_dict["cancelled_on"] == [
        "Ngày dừng thực hiện không được sau ngày hôm nay."
    ]


def test_a_completed_task_cannot_be_cancelled(completed, coordinator):
    with pytest.raises(ValidationError):
        task_cancel(user=coordinator, task=completed, reason="x")


# Status and percent agree ----------------------------------------------------------------


def test_not_started_at_fifty_percent_is_refused(task, staff):
    with pytest.raises(ValidationError) as error:
        _reported(task, staff, Status.NOT_STARTED, 50)
    assert error.value.message_dict["percent"] == ["Nhiệm vụ chưa triển khai phải ở mức 0%."]
    task.refresh_from_db()
    assert task.percent == 0


def test_a_completion_is_at_one_hundred_percent(task, staff):
    assert _reported(task, staff, Status.COMPLETED, 40).percent == 100


def test_staff_cannot_move_a_task_back_to_not_started(task, staff):
    _reported(task, staff, Status.IN_PROGRESS, 30)
    with pytest.raises(ValidationError) as error:
        _reported(task, staff, Status.NOT_STARTED, 0)
    assert "status" in error.value.message_dict


def test_staff_cannot_report_on_a_completed_task(completed, staff):
    with pytest.raises(ValidationError):
        _reported(completed, staff, Status.IN_PROGRESS, 50)


# Confirm, send back, reopen --------------------------------------------------------------


def test_staff_may_not_confirm_their_own_completion(completed, staff):
    with pytest.raises(PermissionDenied):
        task_confirm_completion(user=staff, task=completed)


def test_coordinator_confirms_a_completion(completed, coordinator):
    assert task_confirm_completion(user=coordinator, task=completed).completion_confirmed_at


def test_an_open_task_cannot_be_confirmed(task, coordinator):
    with pytest.raises(ValidationError):
        task_confirm_completion(user=coordinator, task=task)


def test_a_sent_back_completion_returns_to_the_percent_reported_before_it(completed, coordinator):
    task = task_send_back(user=coordinator, task=completed, note="Thiếu biên bản nghiệm thu")
    assert (task.status, task.percent, task.completed_on) == (Status.IN_PROGRESS, 60, None)


def test_staff_may_not_send_back(completed, staff):
    with pytest.raises(PermissionDenied):
        task_send_back(user=staff, task=completed, note="x")


def test_a_confirmed_completion_is_reopened_not_sent_back(completed, coordinator):
    task_confirm_completion(user=coordinator, task=completed)
    with pytest.raises(ValidationError):
        task_send_back(user=coordinator, task=completed, note="x")
    task = task_reopen(user=coordinator, task=completed, note="Kết quả chưa đạt")
    assert (task.status, task.percent, task.completion_confirmed_at) == (
        Status.IN_PROGRESS,
        60,
        None,
    )


def test_reopening_needs_a_reason(completed, coordinator):
    with pytest.raises(ValidationError) as error:
        task_reopen(user=coordinator, task=completed, note="")
    assert "note" in error.value.message_dict


def test_staff_may_not_reopen(completed, staff):
    with pytest.raises(PermissionDenied):
        task_reopen(user=staff, task=completed, note="x")


def test_an_open_task_cannot_be_reopened(task, coordinator):
    with pytest.raises(ValidationError):
        task_reopen(user=coordinator, task=task, note="x")


# Extensions ------------------------------------------------------------------------------


def test_no_extension_request_on_a_completed_task(completed, staff):
    with pytest.raises(ValidationError) as error:
        extension_request(
            user=staff, task=completed, requested_deadline=date(2026, 6, 1), reason="x"
        )
    assert "đã hoàn thành" in error.value.messages[0]


def test_no_extension_request_on_a_cancelled_task(task, coordinator):
    task = task_cancel(user=coordinator, task=task, reason="x")
    with pytest.raises(ValidationError):
        extension_request(
            user=coordinator, task=task, requested_deadline=date(2026, 6, 1), reason="x"
        )


def test_an_extension_to_a_day_already_past_is_refused(today, coordinator, unit, staff):
    task = Task.objects.create(
        document=DocumentFactory(),
        title="Quá hạn",
        lead_unit=unit,
        assigned_on=date(2025, 1, 10),
        original_deadline=date(2025, 3, 1),
        deadline=date(2025, 3, 1),
    )
    with pytest.raises(ValidationError) as error:
        extension_request(user=staff, task=task, requested_deadline=date(2025, 9, 1), reason="x")
    assert error.value.message_dict["requested_deadline"] == ["Hạn đề nghị phải sau ngày hôm nay."]


# Requests to stop or adjust --------------------------------------------------------------


def test_staff_ask_to_stop_a_task_and_coordinators_are_told(task, staff, coordinator):
    request = change_request_create(
        user=staff, task=task, kind=ChangeRequest.Kind.CANCEL, reason="Không còn phù hợp"
    )
    assert request.status == "pending"
    assert Notification.objects.filter(recipient=coordinator, kind="change_requested").exists()


def test_a_coordinator_cancels_directly_rather_than_asking(task, coordinator):
    with pytest.raises(PermissionDenied):
        change_request_create(user=coordinator, task=task, kind="cancel", reason="x")


def test_a_request_needs_a_reason(task, staff):
    with pytest.raises(ValidationError) as error:
        change_request_create(user=staff, task=task, kind="adjust", reason=" ")
    assert "reason" in error.value.message_dict


def test_one_pending_request_per_task(task, staff):
    change_request_create(user=staff, task=task, kind="adjust", reason="x")
    with pytest.raises(ValidationError):
        change_request_create(user=staff, task=task, kind="cancel", reason="y")


def test_approving_a_stop_request_cancels_the_task_from_the_decision_day(task, staff, coordinator):
    request = change_request_create(user=staff, task=task, kind="cancel", reason="Trùng")
    change_request_approve(user=coordinator, request=request, on=date(2025, 9, 15))
    task.refresh_from_db()
    request.refresh_from_db()
    assert (task.status, task.cancelled_on) == (Status.CANCELLED, date(2025, 9, 15))
    assert request.status == "approved"


def test_approving_an_adjustment_leaves_the_task_as_it_is(task, staff, coordinator):
    request = change_request_create(user=staff, task=task, kind="adjust", reason="Đổi nội dung")
    change_request_approve(user=coordinator, request=request)
    task.refresh_from_db()
    assert task.status == Status.NOT_STARTED


def test_rejecting_a_request_needs_a_note_and_leaves_the_task(task, staff, coordinator):
    request = change_request_create(user=staff, task=task, kind="cancel", reason="x")
    with pytest.raises(ValidationError):
        change_request_reject(user=coordinator, request=request, note="")
    change_request_reject(user=coordinator, request=request, note="Vẫn cần thực hiện")
    task.refresh_from_db()
    assert task.status == Status.NOT_STARTED


def test_staff_may_not_decide_a_request(task, staff):
    request = change_request_create(user=staff, task=task, kind="cancel", reason="x")
    with pytest.raises(PermissionDenied):
        change_request_approve(user=staff, request=request)


# The table, as templates read it ---------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("staff", {"report", "request_extension", "request_change"}),
        ("coordinator", {"report", "cancel", "request_extension", "edit"}),
        ("leader", set()),
    ],
)
def test_what_each_role_may_do_with_an_open_task(request, task, who, expected):
    user = request.getfixturevalue(who)
    assert {name for name, allowed in lifecycle.may_map(user, task).items() if allowed} == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("staff", set()),
        ("coordinator", {"confirm_completion", "send_back", "reopen", "edit"}),
        ("leader", set()),
    ],
)
def test_what_each_role_may_do_with_a_completed_task(request, completed, who, expected):
    user = request.getfixturevalue(who)
    allowed = {name for name, ok in lifecycle.may_map(user, completed).items() if ok}
    assert allowed == expected


def test_staff_of_another_unit_may_do_nothing(task, other_unit):
    outsider = UserFactory(role=Membership.Role.STAFF, role__unit=other_unit)
    assert not any(lifecycle.may_map(outsider, task).values())
