from datetime import date

import pytest

from reports.counting import task_counts
from reports.models import DailySnapshot
from reports.services import daily_snapshot_record, weekly_digest_send
from resolutions.models import Membership
from tasks.models import Notification, Task
from tests.factories import DocumentFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY = date(2025, 9, 29)


@pytest.fixture
def document(today, unit, other_unit):
    document = DocumentFactory(code="57-NQ/TW", title="Đột phá khoa học, công nghệ")
    TaskFactory(document=document, lead_unit=unit, deadline=date(2025, 6, 30))
    TaskFactory(
        document=document,
        lead_unit=unit,
        status=Task.Status.COMPLETED,
        completed_on=date(2025, 9, 26),
    )
    TaskFactory(document=document, lead_unit=other_unit)
    return document


def test_snapshot_stores_counts_per_document_and_per_lead_unit(document, unit, other_unit):
    assert daily_snapshot_record(day=DAY) == 3
    rows = {s.unit_id: (s.total, s.completed, s.overdue) for s in DailySnapshot.objects.all()}
    assert rows == {None: (3, 1, 1), unit.pk: (2, 1, 1), other_unit.pk: (1, 0, 0)}


def test_snapshot_figures_are_those_of_counting(document, unit):
    daily_snapshot_record(day=DAY)
    stored = DailySnapshot.objects.get(unit=unit)
    counts = task_counts(Task.objects.filter(document=document, lead_unit=unit), as_of=DAY)
    assert (stored.total, stored.completed, stored.overdue, stored.not_started) == (
        counts.total,
        counts.completed,
        counts.overdue,
        counts.not_started,
    )


def test_snapshot_again_replaces_the_days_rows(document):
    daily_snapshot_record(day=DAY)
    Task.objects.filter(status=Task.Status.COMPLETED).update(completed_on=date(2025, 9, 1))
    TaskFactory(document=document, assigned_on=date(2025, 9, 1))
    daily_snapshot_record(day=DAY)
    assert DailySnapshot.objects.count() == 4
    assert DailySnapshot.objects.get(unit=None).total == 4


def test_snapshot_of_a_past_day_counts_as_of_that_day(document):
    daily_snapshot_record(day=date(2025, 9, 25))
    assert DailySnapshot.objects.get(unit=None).completed == 0


@pytest.fixture
def leaders(db):
    return [UserFactory(role=Membership.Role.LEADER) for _ in range(2)]


def test_weekly_digest_goes_to_each_leader_once_a_week(document, leaders, staff, today):
    weekly_digest_send(today=today)
    weekly_digest_send(today=date(2025, 10, 2))
    assert sorted(Notification.objects.values_list("recipient", flat=True)) == sorted(
        leader.pk for leader in leaders
    )


def test_weekly_digest_opens_each_document_with_the_report_sentence(document, leaders, today):
    weekly_digest_send(today=today)
    body = Notification.objects.first().body
    assert "57-NQ/TW" in body
    assert (
        "Được giao 3 nhiệm vụ; đến nay đã hoàn thành 1 nhiệm vụ (tỷ lệ 33,3%), "
        "đang triển khai 2 nhiệm vụ, trong đó có 1 nhiệm vụ quá hạn (tỷ lệ 33,3%)."
    ) in body


def test_weekly_digest_says_what_changed_during_the_week(document, leaders, today):
    weekly_digest_send(today=today)
    assert "Trong tuần: hoàn thành +1, quá hạn 0." in Notification.objects.first().body


def test_weekly_digest_lists_the_tasks_newly_overdue(document, leaders, unit, today):
    late = TaskFactory(document=document, lead_unit=unit, deadline=date(2025, 9, 25))
    Task.objects.filter(pk=late.pk).update(overdue_since=date(2025, 9, 26))
    Task.objects.filter(deadline=date(2025, 6, 30)).update(overdue_since=date(2025, 7, 1))
    weekly_digest_send(today=today)
    body = Notification.objects.first().body
    assert f"- {late.title} (Sở Khoa học và Công nghệ, hạn 25/09/2025)" in body
    assert body.count("\n- ") == 1


def test_no_digest_without_leaders(document, today):
    assert weekly_digest_send(today=today) == 0
