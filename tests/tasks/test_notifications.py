from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from kombu.exceptions import OperationalError

from resolutions.models import Membership
from tasks import notifications
from tasks.models import Extension, Notification, Task
from tasks.notifications import (
    DeliveryFailed,
    deadline_reminders_send,
    notifications_deliver_pending,
    overdue_sweep,
    waiting_extension_reminders_send,
    working_days_before,
)
from tasks.services import (
    blocker_raise,
    blocker_resolve,
    extension_approve,
    extension_reject,
    extension_request,
    task_report_progress,
)
from tasks.tasks import deliver_notifications
from tests.factories import TaskFactory, UserFactory

pytestmark = pytest.mark.django_db
YESTERDAY = date(2025, 9, 29)


@pytest.fixture
def staff(db, unit):
    return UserFactory(
        username="clerk", email="clerk@example.vn", role=Membership.Role.STAFF, role__unit=unit
    )


def flagged() -> dict[int, date | None]:
    return dict(Task.objects.values_list("pk", "overdue_since"))


# The overdue sweep --------------------------------------------------------------------------


def test_task_due_today_is_not_overdue(today, unit):
    task = TaskFactory(lead_unit=unit, deadline=today)
    overdue_sweep(today=today)
    assert flagged()[task.pk] is None


def test_task_due_yesterday_is_flagged_as_of_today(today, unit):
    task = TaskFactory(lead_unit=unit, deadline=YESTERDAY)
    assert overdue_sweep(today=today) == 1
    assert flagged()[task.pk] == today


@pytest.mark.parametrize("status", [Task.Status.COMPLETED, Task.Status.CANCELLED])
def test_completed_or_cancelled_tasks_are_never_flagged(today, unit, status):
    TaskFactory(lead_unit=unit, deadline=YESTERDAY, status=status, completed_on=YESTERDAY)
    assert overdue_sweep(today=today) == 0
    assert not Task.objects.filter(overdue_since__isnull=False).exists()


def test_ongoing_task_without_deadline_is_never_flagged(today, unit):
    TaskFactory(lead_unit=unit, deadline=None)
    assert overdue_sweep(today=today) == 0


def test_a_flag_keeps_the_first_day_found_overdue(today, unit):
    task = TaskFactory(lead_unit=unit, deadline=date(2025, 9, 1), overdue_since=date(2025, 9, 2))
    overdue_sweep(today=today)
    assert flagged()[task.pk] == date(2025, 9, 2)


def test_a_second_sweep_the_same_day_changes_and_sends_nothing(today, unit, staff):
    TaskFactory(lead_unit=unit, deadline=YESTERDAY)
    overdue_sweep(today=today)
    assert overdue_sweep(today=today) == 0
    assert Notification.objects.count() == 1


def test_sweep_clears_the_flag_of_a_task_completed_since(today, unit):
    task = TaskFactory(
        lead_unit=unit,
        deadline=date(2025, 9, 1),
        overdue_since=date(2025, 9, 2),
        status=Task.Status.COMPLETED,
        completed_on=YESTERDAY,
    )
    assert overdue_sweep(today=today) == 1
    assert flagged()[task.pk] is None


def test_sweep_clears_the_flag_of_a_task_whose_deadline_was_removed(today, unit):
    task = TaskFactory(lead_unit=unit, deadline=None, overdue_since=date(2025, 9, 2))
    overdue_sweep(today=today)
    assert flagged()[task.pk] is None


def test_approved_extension_unflags_a_task_and_the_sweep_leaves_it(today, unit, staff, coordinator):
    task = TaskFactory(lead_unit=unit, deadline=YESTERDAY)
    overdue_sweep(today=today)
    extension = extension_request(
        user=staff, task=task, requested_deadline=date(2025, 12, 31), reason="Chờ kinh phí"
    )
    extension_approve(user=coordinator, extension=extension)
    overdue_sweep(today=today)
    assert flagged()[task.pk] is None


def test_the_sweep_flags_with_one_update(today, unit):
    TaskFactory.create_batch(5, lead_unit=unit, deadline=YESTERDAY)
    TaskFactory.create_batch(3, lead_unit=unit, deadline=today)
    with CaptureQueriesContext(connection) as queries:
        overdue_sweep(today=today)
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "tasks_task"')]
    assert len(updates) == 1


def test_newly_overdue_task_is_told_to_its_lead_unit_staff_only(
    today, unit, other_unit, staff, coordinator
):
    UserFactory(email="x@example.vn", role=Membership.Role.STAFF, role__unit=other_unit)
    task = TaskFactory(lead_unit=unit, deadline=YESTERDAY)
    overdue_sweep(today=today)
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind, notification.task_id) == (
        staff,
        "overdue",
        task.pk,
    )
    assert "29/09/2025" in notification.body


# Reminders ---------------------------------------------------------------------------------


@pytest.mark.parametrize("days", [7, 3, 1])
def test_staff_are_reminded_seven_three_and_one_days_before(today, unit, staff, days):
    TaskFactory(lead_unit=unit, deadline=today + timedelta(days=days))
    deadline_reminders_send(today=today)
    assert Notification.objects.get().dedupe_key.startswith(f"due:{days}:")


def test_no_reminder_eight_days_before(today, unit, staff):
    TaskFactory(lead_unit=unit, deadline=today + timedelta(days=8))
    deadline_reminders_send(today=today)
    assert not Notification.objects.exists()


def test_each_reminder_is_sent_once(today, unit, staff):
    TaskFactory(lead_unit=unit, deadline=today + timedelta(days=3))
    deadline_reminders_send(today=today)
    deadline_reminders_send(today=today)
    assert Notification.objects.count() == 1


def test_a_day_the_job_missed_is_caught_up(today, unit, staff):
    TaskFactory(lead_unit=unit, deadline=today + timedelta(days=6))
    deadline_reminders_send(today=today)
    assert Notification.objects.get().dedupe_key.startswith("due:7:")


def test_a_new_deadline_gets_its_own_reminder(today, unit, staff):
    task = TaskFactory(lead_unit=unit, deadline=today + timedelta(days=3))
    deadline_reminders_send(today=today)
    Task.objects.filter(pk=task.pk).update(deadline=today + timedelta(days=2))
    deadline_reminders_send(today=today)
    assert Notification.objects.count() == 2


def test_completed_task_gets_no_reminder(today, unit, staff):
    TaskFactory(
        lead_unit=unit,
        deadline=today + timedelta(days=1),
        status=Task.Status.COMPLETED,
        completed_on=today,
    )
    deadline_reminders_send(today=today)
    assert not Notification.objects.exists()


def test_working_days_skip_the_weekend():
    assert working_days_before(date(2025, 9, 30), 4) == date(2025, 9, 24)


def _waiting_since(task, staff, day: date) -> Extension:
    requested_at = datetime.combine(day, datetime.min.time(), ZoneInfo("Asia/Ho_Chi_Minh"))
    extension = Extension.objects.create(
        task=task, requested_by=staff, requested_deadline=date(2026, 3, 31), reason="r"
    )
    Extension.objects.filter(pk=extension.pk).update(requested_at=requested_at)
    return extension


def test_extension_waiting_four_working_days_reminds_coordinators(today, unit, staff, coordinator):
    _waiting_since(TaskFactory(lead_unit=unit), staff, date(2025, 9, 24))
    waiting_extension_reminders_send(today=today)
    assert Notification.objects.get(kind="extension_waiting").recipient == coordinator


def test_extension_waiting_three_working_days_is_not_yet_reminded(today, unit, staff, coordinator):
    _waiting_since(TaskFactory(lead_unit=unit), staff, date(2025, 9, 25))
    waiting_extension_reminders_send(today=today)
    assert not Notification.objects.filter(kind="extension_waiting").exists()


def test_waiting_extension_is_reminded_once(today, unit, staff, coordinator):
    _waiting_since(TaskFactory(lead_unit=unit), staff, date(2025, 9, 1))
    waiting_extension_reminders_send(today=today)
    waiting_extension_reminders_send(today=today)
    assert Notification.objects.filter(kind="extension_waiting").count() == 1


# Notifications caused by users' actions -------------------------------------------------------


@pytest.fixture
def task(today, unit):
    return TaskFactory(lead_unit=unit, deadline=date(2025, 12, 31))


def test_extension_request_tells_coordinators(task, staff, coordinator):
    extension_request(user=staff, task=task, requested_deadline=date(2026, 6, 30), reason="r")
    assert Notification.objects.get().recipient == coordinator


@pytest.mark.parametrize("decide", ["approve", "reject"])
def test_extension_decision_tells_the_requester(task, staff, coordinator, decide):
    extension = extension_request(
        user=staff, task=task, requested_deadline=date(2026, 6, 30), reason="r"
    )
    if decide == "approve":
        extension_approve(user=coordinator, extension=extension)
    else:
        extension_reject(user=coordinator, extension=extension, note="Không đủ căn cứ")
    assert Notification.objects.get(kind="extension_decided").recipient == staff


def test_reporting_completion_tells_coordinators(task, staff, coordinator):
    task_report_progress(user=staff, task=task, status="completed", percent=100)
    assert Notification.objects.get(kind="completion_reported").recipient == coordinator


def test_raising_a_blocker_tells_coordinators(task, staff, coordinator):
    blocker_raise(user=staff, task=task, description="Chưa có mặt bằng")
    assert Notification.objects.get(kind="blocker_raised").recipient == coordinator


def test_resolving_a_blocker_tells_who_raised_it(task, staff, coordinator):
    blocker = blocker_raise(user=staff, task=task, description="Chưa có mặt bằng")
    blocker_resolve(user=coordinator, blocker=blocker, resolution="Đã bàn giao mặt bằng")
    assert Notification.objects.get(kind="blocker_resolved").recipient == staff


def test_reporting_progress_alone_tells_nobody(task, staff, coordinator):
    task_report_progress(user=staff, task=task, status="in_progress", percent=40)
    assert not Notification.objects.exists()


def test_texts_are_vietnamese(task, staff, coordinator):
    task_report_progress(user=staff, task=task, status="completed", percent=100)
    assert Notification.objects.get().subject.startswith("Báo cáo hoàn thành")


# Delivery ----------------------------------------------------------------------------------


def test_notification_is_emailed_when_the_action_commits(
    task, staff, coordinator, django_capture_on_commit_callbacks
):
    coordinator.email = "coord@example.vn"
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        task_report_progress(user=staff, task=task, status="completed", percent=100)
    assert [message.to for message in mail.outbox] == [["coord@example.vn"]]
    assert Notification.objects.get().emailed_at is not None


def test_action_stands_when_delivery_cannot_be_enqueued(
    task, staff, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(deliver_notifications, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        task_report_progress(user=staff, task=task, status="completed", percent=100)
    assert Task.objects.get(pk=task.pk).status == Task.Status.COMPLETED
    assert Notification.objects.get().emailed_at is None


def test_delivery_never_sends_twice(task, staff, coordinator):
    extension_request(user=staff, task=task, requested_deadline=date(2026, 6, 30), reason="r")
    coordinator.email = "coord@example.vn"
    coordinator.save()
    assert notifications_deliver_pending() == 1
    assert notifications_deliver_pending() == 0
    assert len(mail.outbox) == 1


def test_failed_email_is_kept_and_sent_by_a_later_run(task, staff, coordinator, monkeypatch):
    coordinator.email = "coord@example.vn"
    coordinator.save()
    extension_request(user=staff, task=task, requested_deadline=date(2026, 6, 30), reason="r")

    def smtp_down(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    with monkeypatch.context() as patch:
        patch.setattr(notifications, "send_mail", smtp_down)
        with pytest.raises(DeliveryFailed):
            notifications_deliver_pending()
    assert Notification.objects.get().attempts == 0  # the server's outage, not the row's
    assert notifications_deliver_pending() == 1
    assert len(mail.outbox) == 1


def test_user_without_email_is_closed_without_sending(task, staff, coordinator):
    extension_request(user=staff, task=task, requested_deadline=date(2026, 6, 30), reason="r")
    notifications_deliver_pending()
    assert Notification.objects.get().emailed_at is not None
    assert mail.outbox == []


def test_the_sweep_task_runs_the_service_as_of_today(today, unit):
    from tasks.tasks import sweep_overdue

    task = TaskFactory(lead_unit=unit, deadline=YESTERDAY)
    assert sweep_overdue.delay().get() == 1
    assert flagged()[task.pk] == today


def test_nobody_is_told_of_their_own_action(task, coordinator):
    UserFactory(role=Membership.Role.COORDINATOR, username="other-coordinator")
    task_report_progress(user=coordinator, task=task, status="completed", percent=100)
    assert Notification.objects.get().recipient.username == "other-coordinator"


def test_reminder_says_how_many_days_are_left_in_vietnamese(today, unit, staff):
    TaskFactory(lead_unit=unit, title="Số hóa hồ sơ", deadline=today + timedelta(days=3))
    deadline_reminders_send(today=today)
    assert Notification.objects.get().subject == "Còn 3 ngày đến hạn: Số hóa hồ sơ"


def test_a_task_notification_links_to_the_task_page(db):
    task, user = TaskFactory(), UserFactory()
    notifications.notify(
        [
            (
                notifications.Message(kind="k", key="k1", subject="s", body="b", task_id=task.pk),
                [user],
            )
        ]
    )
    assert Notification.objects.get().url == f"/tasks/{task.pk}/"
