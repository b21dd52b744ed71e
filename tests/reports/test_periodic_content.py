"""The periodic report's content (reports.periodic.selectors) on small made-up data."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from proposals.models import ExplanationRequest
from reports.counting import lead_unit_ranking, task_counts
from reports.formatting import place_and_date
from reports.models import Target
from reports.periodic import layout
from reports.periodic.pdf import render_pdf
from reports.periodic.selectors import ReportRequest, periodic_report
from reports.periods import date_range
from tasks.models import Extension, Task
from tests.factories import DocumentFactory, TaskFactory, UnitFactory

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


def _tasks_of(document, units):
    for n, unit in enumerate(units):
        TaskFactory(document=document, lead_unit=unit)
        TaskFactory(document=document, lead_unit=unit, deadline=date(2025, 3, 1))  # overdue
        TaskFactory(
            document=document,
            lead_unit=unit,
            status=Task.Status.COMPLETED,
            completed_on=date(2025, 2, 1 + n),
        )


def _report(documents, user):
    return periodic_report(
        user=user,
        request=ReportRequest(
            documents=documents, period=date_range(date(2025, 1, 1), date(2025, 6, 30))
        ),
    )


@pytest.mark.parametrize("documents, units", [(1, 1), (4, 6)])
def test_the_report_takes_a_fixed_number_of_queries(
    db, today, leader, documents, units, django_assert_num_queries
):
    chosen = tuple(DocumentFactory() for _ in range(documents))
    made = [UnitFactory() for _ in range(units)]
    for document in chosen:
        _tasks_of(document, made)
    with django_assert_num_queries(7):
        report = _report(chosen, leader)
    assert len(report.sections) == documents
    assert [len(section.ranking.units) for section in report.sections] == [units] * documents


def test_the_reports_figures_are_the_counting_modules_for_each_document_and_all(db, today, leader):
    first, second = DocumentFactory(), DocumentFactory()
    _tasks_of(first, [UnitFactory(), UnitFactory()])
    _tasks_of(second, [UnitFactory()])
    report = _report((first, second), leader)
    as_of, before = date(2025, 6, 30), date(2024, 12, 31)
    both = Task.objects.filter(document__in=(first, second))
    assert report.counts == task_counts(both, as_of=as_of)
    assert report.previous == task_counts(both, as_of=before)
    for section in report.sections:
        mine = Task.objects.filter(document=section.document)
        assert section.counts == task_counts(mine, as_of=as_of)
        assert section.ranking == lead_unit_ranking(mine, as_of=as_of)
        assert section.previous == task_counts(mine, as_of=before)


def _explain(task, *, asked, by, answered=None):
    return ExplanationRequest.objects.create(
        unit=task.lead_unit,
        task=task,
        question="Vì sao chậm?",
        answer_by=by,
        requested_on=asked,
        answered_on=answered,
        answer="Chờ kinh phí" if answered else "",
    )


def test_the_report_lists_the_explanation_requests_waiting_first_as_they_stood(
    db, today, leader, unit
):
    document = DocumentFactory()
    task = TaskFactory(document=document, lead_unit=unit, deadline=date(2025, 3, 1))
    answered = _explain(
        task, asked=date(2025, 3, 5), by=date(2025, 3, 20), answered=date(2025, 3, 18)
    )
    waiting = _explain(task, asked=date(2025, 5, 2), by=date(2025, 6, 10))
    answered_after = _explain(
        task, asked=date(2025, 6, 1), by=date(2025, 6, 20), answered=date(2025, 8, 1)
    )
    _explain(task, asked=date(2024, 11, 1), by=date(2024, 11, 15), answered=date(2024, 12, 1))
    _explain(task, asked=date(2025, 7, 2), by=date(2025, 7, 10))  # after the period
    _explain(TaskFactory(), asked=date(2025, 5, 2), by=date(2025, 6, 10))  # another document
    report = _report((document,), leader)
    assert [(item.request, item.answered_on, item.days_late) for item in report.explanations] == [
        (waiting, None, 20),
        (answered_after, None, 10),
        (answered, date(2025, 3, 18), None),
    ]
    assert report.open_explanations == 2


def test_the_reports_files_carry_the_explanation_requests(db, today, leader, unit):
    document = DocumentFactory()
    task = TaskFactory(document=document, lead_unit=unit, title="Số hóa hồ sơ đảng viên")
    _explain(task, asked=date(2025, 5, 2), by=date(2025, 6, 10))
    report = _report((document,), leader)
    table = layout.tables(report)[-1]
    assert table.title == "Yêu cầu giải trình (1 đang chờ)"
    assert table.rows == [
        [1, str(unit), "Số hóa hồ sơ đảng viên", date(2025, 5, 2), date(2025, 6, 10), None, 20]
    ]
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(render_pdf(report))).pages)
    assert "Yêu cầu giải trình (1 đang chờ)" in text and "Số hóa hồ sơ đảng viên" in text
