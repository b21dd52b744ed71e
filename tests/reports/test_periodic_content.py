"""The periodic report's content (reports.periodic.selectors) on small made-up data."""

from datetime import date
from decimal import Decimal

import pytest

from reports.formatting import place_and_date
from reports.models import Target
from reports.periodic.selectors import ReportRequest, periodic_report
from reports.periods import date_range
from tasks.models import Extension, Task
from tests.factories import DocumentFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_date_line_gives_a_leading_zero_to_days_below_ten_and_january(db):
    assert place_and_date("Đà Nẵng", date(2026, 1, 5)) == "Đà Nẵng, ngày 05 tháng 01 năm 2026"


def test_date_line_writes_march_to_december_without_a_leading_zero(db):
    assert place_and_date("Đà Nẵng", date(2025, 3, 15)) == "Đà Nẵng, ngày 15 tháng 3 năm 2025"


def _report_of(document, user, today):
    return periodic_report(
        user=user,
        request=ReportRequest(documents=(document,), period=date_range(date(2025, 1, 1), today)),
    )


def test_task_extended_twice_is_listed_and_once_is_not(db, today, leader):
    document = DocumentFactory()
    twice, once = TaskFactory(document=document), TaskFactory(document=document)
    for task, times in ((twice, 2), (once, 1)):
        for n in range(times):
            Extension.objects.create(
                task=task,
                requested_deadline=date(2026, 1 + n, 1),
                reason="Chờ kinh phí",
                status=Extension.Status.APPROVED,
                decided_on=date(2025, 3 + n, 1),
            )
        Task.objects.filter(pk=task.pk).update(extension_count=times)
    report = _report_of(document, leader, today)
    assert [item.task for item in report.extended] == [twice]
    assert report.extended[0].extensions == 2


def test_target_past_its_plan_shows_more_than_100_percent(db, today, leader, unit):
    document = DocumentFactory()
    Target.objects.create(
        document=document,
        unit=unit,
        name="Số hóa hồ sơ",
        measure="trang",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        plan=350,
        done=448,
    )
    [row] = _report_of(document, leader, today).targets
    assert row.achieved == Decimal("128.0")
