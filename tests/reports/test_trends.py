"""The trend, the forecast and the at-risk score of the dashboards."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports import forecast
from reports.counting import CompletionHistory, completion_history, task_counts
from reports.forecast import finish_forecast, recent_months
from reports.risk import risk_of
from reports.selectors import at_risk_candidates, month_ends, trend_days
from tasks.models import Task
from tasks.services import blocker_raise, blocker_resolve, task_report_progress
from tests.factories import BlockerFactory, DocumentFactory, TaskFactory

Status = Task.Status


def _history(days, key="document"):
    return completion_history(Task.objects.all(), key=key, days=days)


@pytest.mark.django_db
def test_trend_reads_each_day_as_it_stood_in_one_query(today, django_assert_num_queries):
    task = TaskFactory(
        assigned_on=date(2025, 1, 10), status=Status.COMPLETED, completed_on=date(2025, 3, 5)
    )
    TaskFactory(document=task.document, assigned_on=date(2025, 2, 20))
    TaskFactory(document=task.document, assigned_on=date(2025, 1, 10), status=Status.CANCELLED)
    days = [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31)]
    with django_assert_num_queries(1):
        trend = _history(days)[task.document_id].trend
    assert [(p.total, p.completed) for p in trend] == [(1, 0), (2, 0), (2, 1)]


@pytest.mark.django_db
def test_trend_agrees_with_the_counts_of_each_day(today):
    task = TaskFactory(
        assigned_on=date(2025, 1, 10), status=Status.COMPLETED, completed_on=date(2025, 6, 1)
    )
    TaskFactory.create_batch(2, document=task.document, assigned_on=date(2025, 4, 1))
    trend = _history(trend_days(today))[task.document_id].trend
    for point in trend:
        counts = task_counts(Task.objects.all(), as_of=point.day)
        assert (point.total, point.completed) == (counts.total, counts.completed)


def test_trend_days_end_each_month_then_the_day_itself():
    days = trend_days(date(2025, 9, 30), points=3)
    assert days == [date(2025, 7, 31), date(2025, 8, 31), date(2025, 9, 30)]


def test_month_ends_bound_the_recent_months():
    days = month_ends(date(2025, 9, 14))
    assert (days[0], days[1], days[-2], days[-1]) == (
        date(2024, 9, 30),
        date(2024, 10, 31),
        date(2025, 8, 31),
        date(2025, 9, 14),
    )


@pytest.mark.django_db
def test_completions_between_month_ends_count_each_month_of_each_document(today):
    task = TaskFactory(status=Status.COMPLETED, completed_on=date(2025, 8, 3))
    TaskFactory(document=task.document, status=Status.COMPLETED, completed_on=date(2025, 8, 20))
    TaskFactory(document=task.document, status=Status.COMPLETED, completed_on=date(2024, 1, 2))
    history = _history(month_ends(today))
    assert list(history) == [task.document_id]
    assert history[task.document_id].completed_between == [0] * 10 + [2, 0]


@pytest.mark.django_db
def test_histories_of_two_documents_add_up_to_the_history_of_both(today):
    first = TaskFactory(status=Status.COMPLETED, completed_on=date(2025, 8, 3))
    second = TaskFactory(assigned_on=date(2025, 7, 1))
    history = _history(month_ends(today))
    both = history[first.document_id] + history[second.document_id]
    assert (both.trend[-1].total, both.trend[-1].completed) == (2, 1)
    assert (both.trend[-4].total, both.trend[-4].completed) == (1, 0)
    assert both.completed_between[-2] == 1


# Any tasks, any days: the history agrees with `task_counts` on each day and with a plain
# count of the completions between two days.
BASE = date(2024, 1, 1)
offset = st.integers(min_value=0, max_value=500)


@st.composite
def history_tasks(draw):
    assigned = draw(offset)
    status = draw(st.sampled_from(Status.values))
    # completion dates are not checked against assignment dates: any order is possible
    completed = draw(offset) if status == Status.COMPLETED else None
    return assigned, status, completed


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    specs=st.lists(history_tasks(), max_size=12),
    days=st.lists(offset, min_size=1, max_size=6, unique=True).map(sorted),
)
def test_history_matches_the_counts_of_each_day(today, specs, days):
    days = [BASE + timedelta(day) for day in days]
    with transaction.atomic():
        document = DocumentFactory()
        for assigned, status, completed in specs:
            TaskFactory(
                document=document,
                assigned_on=BASE + timedelta(assigned),
                original_deadline=None,
                deadline=None,
                status=status,
                completed_on=None if completed is None else BASE + timedelta(completed),
            )
        tasks = Task.objects.all()
        history = completion_history(tasks, key="document", days=days).get(
            document.pk, CompletionHistory(tuple(days))
        )
        per_day = [task_counts(tasks, as_of=day) for day in days]
        between = [
            tasks.filter(
                status=Status.COMPLETED, completed_on__gt=start, completed_on__lte=end
            ).count()
            for start, end in zip(days, days[1:], strict=False)
        ]
        transaction.set_rollback(True)
    assert [(p.day, p.total, p.completed) for p in history.trend] == [
        (day, counts.total, counts.completed) for day, counts in zip(days, per_day, strict=True)
    ]
    assert history.completed_between == between


def test_recent_months_run_oldest_first_across_a_new_year():
    assert recent_months(date(2025, 2, 14), 3) == [
        date(2024, 12, 1),
        date(2025, 1, 1),
        date(2025, 2, 1),
    ]


def _forecast(remaining, monthly, horizon=date(2026, 9, 30)):
    return finish_forecast(
        remaining=remaining, monthly=monthly, as_of=date(2025, 9, 30), horizon=horizon
    )


def test_forecast_is_the_same_for_the_same_data():
    assert _forecast(40, [0, 3, 5, 1, 2]) == _forecast(40, [0, 3, 5, 1, 2])


def test_steady_pace_well_above_the_need_is_almost_certain():
    assert _forecast(12, [5] * 12).probability == Decimal(100)


def test_pace_far_below_the_need_has_no_chance():
    assert _forecast(500, [1, 2, 0, 1]).probability == Decimal(0)


def test_uneven_pace_gives_a_chance_in_between():
    probability = _forecast(30, [0, 0, 0, 6, 0, 6]).probability
    assert Decimal(0) < probability < Decimal(100)


def test_nothing_remaining_is_finished():
    assert _forecast(0, [0] * 12).probability == Decimal(100)


def test_no_horizon_has_no_forecast():
    assert _forecast(5, [1] * 12, horizon=None).probability is None


def test_forecast_states_the_monthly_pace():
    assert _forecast(5, [1, 2]).monthly_pace == Decimal("1.5")


def _risk(**overrides):
    facts = {
        "as_of": date(2025, 9, 30),
        "assigned_on": date(2025, 1, 1),
        "deadline": date(2025, 11, 1),
        "percent": 20,
        "last_report_on": date(2025, 8, 20),
        "extensions": 0,
        "open_blockers": 0,
        "unit_on_time_rate": Decimal("90"),
    }
    with translation.override("en"):
        return risk_of(**{**facts, **overrides})


def test_risk_explains_time_gone_against_work_done():
    assert "89% of time gone, 20% done" in _risk().reasons


def test_risk_counts_days_without_a_report():
    assert "no report for 41 days" in _risk().reasons


def test_task_on_track_and_reported_has_no_risk():
    risk = _risk(percent=90, last_report_on=date(2025, 9, 25))
    assert (risk.score, risk.reasons) == (0, [])


def test_extensions_and_a_late_unit_raise_the_score():
    plain = _risk().score
    assert _risk(extensions=2, unit_on_time_rate=Decimal("40")).score > plain


def test_risk_score_stays_within_one_hundred():
    risk = _risk(percent=0, last_report_on=None, extensions=5, unit_on_time_rate=Decimal(0))
    assert risk.score == 100


def test_risk_names_the_open_blockers():
    assert "2 open blockers" in _risk(open_blockers=2).reasons


def test_one_open_blocker_is_named_in_the_singular():
    assert "1 open blocker" in _risk(open_blockers=1).reasons


def test_each_open_blocker_adds_ten_points():
    assert _risk(open_blockers=1).score == _risk().score + 10


def test_open_blockers_add_at_most_twenty_points():
    assert _risk(open_blockers=5).score == _risk(open_blockers=2).score


@pytest.mark.django_db
def test_at_risk_candidates_count_only_blockers_open_on_the_day(today, django_assert_num_queries):
    task = TaskFactory(status=Task.Status.IN_PROGRESS, deadline=date(2025, 11, 15))
    BlockerFactory(task=task, raised_on=date(2025, 9, 1))
    BlockerFactory(task=task, raised_on=date(2025, 9, 1), resolved_on=date(2025, 10, 2))
    BlockerFactory(task=task, raised_on=date(2025, 10, 1))  # raised after the day
    BlockerFactory(task=task, raised_on=date(2025, 9, 1), resolved_on=date(2025, 9, 29))
    with django_assert_num_queries(1):
        [candidate] = at_risk_candidates(Task.objects.all(), as_of=today)
    assert candidate.open_blockers == 2


@pytest.mark.django_db
def test_only_progress_reports_end_a_tasks_silence(today, coordinator):
    task = TaskFactory(status=Task.Status.IN_PROGRESS, deadline=date(2025, 11, 15))
    blocker = blocker_raise(
        user=coordinator, task=task, description="Chờ bố trí kinh phí", on=date(2025, 9, 20)
    )
    blocker_resolve(user=coordinator, blocker=blocker, resolution="Đã bố trí kinh phí")
    [candidate] = at_risk_candidates(Task.objects.all(), as_of=today)
    assert candidate.last_report_on is None
    task_report_progress(
        user=coordinator,
        task=task,
        status=Task.Status.IN_PROGRESS,
        percent=40,
        on=date(2025, 9, 25),
    )
    [candidate] = at_risk_candidates(Task.objects.all(), as_of=today)
    assert candidate.last_report_on == date(2025, 9, 25)


@pytest.mark.django_db
def test_at_risk_candidate_without_blockers_counts_none(today):
    TaskFactory(status=Task.Status.IN_PROGRESS, deadline=date(2025, 11, 15))
    [candidate] = at_risk_candidates(Task.objects.all(), as_of=today)
    assert candidate.open_blockers == 0


def test_exact_chance_of_small_work_matches_the_arithmetic():
    # two months, each completing 0 or 1 task with equal chance: both needed for 2 tasks
    assert _forecast(2, [0, 1], horizon=date(2025, 11, 30)).probability == Decimal("25.0")


def test_simulated_chance_agrees_with_the_exact_one(monkeypatch):
    exact = _forecast(30, [0, 0, 0, 6, 0, 6]).probability
    monkeypatch.setattr(forecast, "EXACT_LIMIT", 0)
    simulated = _forecast(30, [0, 0, 0, 6, 0, 6]).probability
    assert abs(simulated - exact) < 3


def test_large_work_is_simulated_the_same_way_each_time():
    monthly = [900, 1500, 1200, 1000, 1100, 1300]
    first = _forecast(14_000, monthly)
    assert first == _forecast(14_000, monthly)
    assert Decimal(0) < first.probability < Decimal(100)


def test_simulated_chance_of_paces_above_255_agrees_with_the_exact_one(monkeypatch):
    # paces of several bytes are summed byte by byte in the simulation
    monthly, horizon = [0, 300, 700, 400], date(2026, 3, 31)
    exact = _forecast(2000, monthly, horizon=horizon).probability
    monkeypatch.setattr(forecast, "EXACT_LIMIT", 0)
    simulated = _forecast(2000, monthly, horizon=horizon).probability
    assert Decimal(5) < exact < Decimal(95)
    assert abs(simulated - exact) < 3
