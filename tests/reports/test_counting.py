"""DOMAIN.md "Counting", rule by rule, then against a plain-Python reading of the rules."""

from dataclasses import astuple
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.counting import (
    TASK_STATES,
    TaskCounts,
    completion_history,
    lead_unit_ranking,
    lead_unit_rankings_by,
    rate,
    shares,
    task_counts,
    task_counts_by,
    tasks_in_state,
)
from tasks.models import Extension, Task
from tests.conftest import TODAY
from tests.factories import DocumentFactory, TaskFactory, UnitFactory

pytestmark = pytest.mark.django_db
Status = Task.Status


def counts(**filters) -> TaskCounts:
    return task_counts(Task.objects.filter(**filters), as_of=TODAY)


# Rates and shares ---------------------------------------------------------------------------


def test_headline_rates_of_the_party():
    assert rate(32, 75) == Decimal("42.7")
    assert rate(2, 75) == Decimal("2.7")
    assert rate(19, 62) == Decimal("30.6")
    assert rate(2, 62) == Decimal("3.2")


@pytest.mark.parametrize(("n", "d", "expected"), [(1, 16, "6.3"), (1, 400, "0.3"), (1, 8, "12.5")])
def test_rates_round_half_up_not_to_even(n, d, expected):
    assert rate(n, d) == Decimal(expected)


def test_an_empty_set_has_no_rate():
    assert rate(0, 0) is None
    assert TaskCounts().completion_rate is None
    assert TaskCounts().on_time_rate is None


def test_targets_may_pass_one_hundred_percent():
    assert rate(448, 350) == Decimal("128.0")


def test_shares_add_up_to_exactly_one_hundred():
    assert shares([1, 1, 1]) == [Decimal("33.4"), Decimal("33.3"), Decimal("33.3")]
    assert sum(shares([32, 35, 8])) == 100


def test_empty_whole_has_no_shares():
    assert shares([0, 0, 0]) == [None, None, None]


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=6))
def test_shares_always_add_up_and_stay_close(parts):
    result = shares(parts)
    if sum(parts) == 0:
        assert result == [None] * len(parts)
        return
    assert sum(result) == 100
    for part, share in zip(parts, result, strict=True):
        assert abs(share - Decimal(part) * 100 / sum(parts)) < Decimal("0.1")


# The rules, one fact each --------------------------------------------------------------------


def test_cancelled_task_counts_nowhere_from_its_cancellation_day(today):
    TaskFactory(status=Status.CANCELLED, cancelled_on=date(2025, 3, 1))
    assert counts() == TaskCounts()
    assert task_counts(Task.objects.all(), as_of=date(2025, 3, 1)) == TaskCounts()


def test_cancelled_task_counts_as_before_on_the_days_before_its_cancellation(today):
    TaskFactory(status=Status.CANCELLED, cancelled_on=date(2025, 3, 1), deadline=date(2025, 2, 1))
    before = task_counts(Task.objects.all(), as_of=date(2025, 2, 28))
    assert (before.total, before.in_progress, before.overdue) == (1, 1, 1)


def test_the_history_counts_the_tasks_stopped_by_its_last_day(today):
    task = TaskFactory(status=Status.CANCELLED, cancelled_on=date(2025, 3, 1))

    def stopped(last: date) -> int:
        days = [date(2025, 1, 31), last]
        return completion_history(Task.objects.all(), key="document", days=days)[
            task.document_id
        ].cancelled

    assert (stopped(date(2025, 2, 28)), stopped(date(2025, 3, 1))) == (0, 1)


def test_in_progress_includes_not_started(today):
    TaskFactory(status=Status.NOT_STARTED)
    TaskFactory(status=Status.IN_PROGRESS, started_on=date(2025, 2, 1))
    result = counts()
    assert (result.total, result.in_progress, result.not_started) == (2, 2, 1)


def test_task_due_today_is_not_overdue(today):
    TaskFactory(deadline=TODAY, status=Status.IN_PROGRESS)
    assert counts().overdue == 0


def test_task_due_yesterday_is_overdue(today):
    TaskFactory(deadline=TODAY - timedelta(days=1), status=Status.IN_PROGRESS)
    assert counts().overdue == 1
    assert counts().overdue_rate == Decimal("100.0")


def test_ongoing_task_is_never_overdue(today):
    TaskFactory(deadline=None, status=Status.IN_PROGRESS)
    assert counts().overdue == 0


def test_completed_task_is_never_overdue(today):
    TaskFactory(deadline=date(2025, 3, 1), status=Status.COMPLETED, completed_on=date(2025, 4, 1))
    result = counts()
    assert (result.overdue, result.completed, result.completed_late) == (0, 1, 1)


def test_task_assigned_after_the_day_is_not_counted(today):
    TaskFactory(assigned_on=date(2025, 6, 1))
    assert task_counts(Task.objects.all(), as_of=date(2025, 5, 31)).total == 0


def test_completion_after_the_day_counts_as_in_progress_on_that_day(today):
    TaskFactory(status=Status.COMPLETED, completed_on=date(2025, 6, 1), started_on=date(2025, 2, 1))
    before = task_counts(Task.objects.all(), as_of=date(2025, 5, 31))
    assert (before.completed, before.in_progress, before.not_started) == (0, 1, 0)


@pytest.fixture
def extended_on_10_may(today):
    """A task due 31/03/2025 whose extension to 31/12/2025 was approved on 10/05/2025."""
    task = TaskFactory(
        original_deadline=date(2025, 3, 31), deadline=date(2025, 12, 31), extension_count=1
    )
    Extension.objects.create(
        task=task,
        requested_deadline=date(2025, 12, 31),
        reason="r",
        status=Extension.Status.APPROVED,
        decided_on=date(2025, 5, 10),
    )
    return task


def test_approved_extension_moves_the_deadline_in_force_from_its_approval_day(extended_on_10_may):
    assert task_counts(Task.objects.all(), as_of=date(2025, 5, 9)).overdue == 1
    assert task_counts(Task.objects.all(), as_of=date(2025, 5, 10)).overdue == 0
    assert counts().overdue == 0
    assert counts().overdue_against_original == 1


def test_extensions_are_counted_from_their_approval_day(extended_on_10_may):
    assert task_counts(Task.objects.all(), as_of=date(2025, 5, 9)).extensions == 0
    assert task_counts(Task.objects.all(), as_of=date(2025, 5, 10)).extensions == 1
    assert counts().extensions == 1


def test_pending_or_rejected_extension_moves_nothing(today):
    task = TaskFactory(deadline=date(2025, 3, 31))
    for status in (Extension.Status.PENDING, Extension.Status.REJECTED):
        Extension.objects.create(
            task=task,
            requested_deadline=date(2025, 12, 31),
            reason="r",
            status=status,
            decided_on=date(2025, 3, 1),
        )
    assert task_counts(Task.objects.all(), as_of=date(2025, 6, 1)).overdue == 1


def test_completed_within_extension_is_on_time_extended(today):
    TaskFactory(
        original_deadline=date(2025, 3, 31),
        deadline=date(2025, 6, 30),
        status=Status.COMPLETED,
        completed_on=date(2025, 5, 1),
        extension_count=1,
    )
    result = counts()
    assert (result.completed_on_time, result.completed_on_time_extended) == (1, 1)
    assert result.completed_after_original == 1
    assert result.on_time_rate == Decimal("100.0")
    assert result.on_time_rate_against_original == Decimal("0.0")


def test_government_office_rate_divides_by_tasks_already_due(today):
    TaskFactory(status=Status.COMPLETED, completed_on=date(2025, 5, 1))
    TaskFactory(deadline=date(2025, 6, 1))  # overdue
    TaskFactory(deadline=date(2026, 6, 1))  # not yet due: outside that denominator
    result = counts()
    assert result.completion_rate == Decimal("33.3")
    assert result.on_time_rate == Decimal("50.0")


def test_counts_by_document_in_one_query(today, django_assert_num_queries):
    first, second = DocumentFactory(), DocumentFactory()
    TaskFactory.create_batch(3, document=first)
    TaskFactory(document=second, status=Status.COMPLETED, completed_on=date(2025, 2, 1))
    with django_assert_num_queries(1):
        by_document = task_counts_by(Task.objects.all(), key="document", as_of=TODAY)
    assert by_document[first.pk].total == 3
    assert by_document[second.pk].completed == 1


def test_past_day_counts_in_one_query(today, django_assert_num_queries):
    TaskFactory.create_batch(5)
    with django_assert_num_queries(1):
        task_counts(Task.objects.all(), as_of=date(2025, 6, 1))


# Ranking -----------------------------------------------------------------------------------


def _unit_with(name: str, total: int, completed: int = 0, overdue: int = 0, code: str = ""):
    """A unit leading `total` tasks on TODAY: `completed` done, `overdue` past their deadline."""
    unit = UnitFactory(name=name, **({"code": code} if code else {}))
    done = {"status": Status.COMPLETED, "completed_on": date(2025, 6, 1)}
    late = {"deadline": date(2025, 6, 1)}
    for n in range(total):
        TaskFactory(
            lead_unit=unit, **(done if n < completed else late if n < completed + overdue else {})
        )
    return unit


def _ranked(**options) -> list[tuple[str, int | None]]:
    ranking = lead_unit_ranking(Task.objects.all(), as_of=TODAY, **options)
    return [(figures.unit.name, figures.rank) for figures in ranking.units]


def test_units_rank_by_rate_then_fewer_overdue_then_name(today):
    _unit_with("Bình", 10, completed=5, overdue=1)
    _unit_with("An", 10, completed=5, overdue=1)
    _unit_with("Cường", 10, completed=5)
    _unit_with("Dũng", 10, completed=9, overdue=1)
    assert _ranked() == [("Dũng", 1), ("Cường", 2), ("An", 3), ("Bình", 4)]


def test_units_tie_on_the_rate_as_shown_to_one_decimal(today):
    # 1/3 and 333/1000 are both 33,3%: the unit with fewer overdue goes first
    _unit_with("A", 3, completed=1, overdue=1)
    _unit_with("B", 1000, completed=333)
    assert _ranked() == [("B", 1), ("A", 2)]


def test_names_rank_without_diacritics_and_case(today):
    _unit_with("Đông", 3)
    _unit_with("ẩn", 3)
    _unit_with("Cẩm", 3)
    _unit_with("Duy", 3)
    assert _ranked() == [("ẩn", 1), ("Cẩm", 2), ("Đông", 3), ("Duy", 4)]


def test_unit_with_fewer_than_three_tasks_is_listed_but_not_ranked(today):
    _unit_with("Nhỏ", 2, completed=2)
    _unit_with("Lớn", 3, completed=1)
    assert _ranked() == [("Lớn", 1), ("Nhỏ", None)]


def test_ranking_reads_the_first_the_last_and_the_units_asked_for(today):
    units = [_unit_with(f"Đơn vị {n:02}", 3, completed=n % 4) for n in range(12)]
    _unit_with("Nhỏ", 1)
    ranking = lead_unit_ranking(
        Task.objects.all(), as_of=TODAY, first=3, last=2, also=[units[0].pk]
    )
    everything = lead_unit_ranking(Task.objects.all(), as_of=TODAY)
    assert [f.position for f in ranking.units] == [1, 2, 3, 10, 11, 12]
    assert ranking.units == [f for f in everything.units if f.position in {1, 2, 3, 10, 11, 12}]
    assert (ranking.unit_count, ranking.ranked_count) == (13, 12)
    assert ranking.counts == everything.counts == task_counts(Task.objects.all(), as_of=TODAY)


def test_ranking_carries_each_units_code_and_names_in_one_query(
    today, unit, other_unit, django_assert_num_queries
):
    TaskFactory.create_batch(3, lead_unit=unit)
    TaskFactory(lead_unit=other_unit, deadline=date(2025, 9, 1))
    with django_assert_num_queries(1):
        ranking = lead_unit_ranking(Task.objects.all(), as_of=TODAY)
    assert [(f.unit.pk, f.unit.code, f.unit.name, f.counts.total) for f in ranking.units] == [
        (unit.pk, unit.code, unit.name, 3),
        (other_unit.pk, other_unit.code, other_unit.name, 1),
    ]


def test_ranking_counts_are_integers_on_a_past_day(extended_on_10_may):
    # a past day sums the extensions approved by then: a numeric on PostgreSQL
    [figures] = lead_unit_ranking(Task.objects.all(), as_of=date(2025, 8, 1)).units
    assert figures.counts.extensions == 1
    assert {type(value) for value in astuple(figures.counts)} == {int}


def test_units_with_the_same_name_rank_by_code(today):
    _unit_with("Xã Hòa Bắc", 3, code="B")
    _unit_with("Xã Hòa Bắc", 3, code="A")
    ranking = lead_unit_ranking(Task.objects.all(), as_of=TODAY)
    assert [figures.unit.code for figures in ranking.units] == ["A", "B"]


def test_ranking_of_no_tasks_is_empty(today, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert lead_unit_ranking(Task.objects.none(), as_of=TODAY).units == []
    empty = lead_unit_ranking(Task.objects.all(), as_of=TODAY, first=10)
    assert (empty.counts, empty.units, empty.unit_count) == (TaskCounts(), [], 0)


def test_rankings_by_document_are_each_documents_own_ranking_in_one_query(
    today, django_assert_num_queries
):
    first, second = DocumentFactory(), DocumentFactory()
    for n in range(5):
        unit = UnitFactory(name=f"Đơn vị {n}")
        for k in range(n + 1):
            status = Task.Status.COMPLETED if k % 2 else Task.Status.IN_PROGRESS
            done = {"completed_on": date(2025, 6, 1)} if status == Task.Status.COMPLETED else {}
            TaskFactory(
                document=first if (n + k) % 3 else second, lead_unit=unit, status=status, **done
            )
    TaskFactory(document=second, deadline=date(2025, 3, 1))  # overdue
    with django_assert_num_queries(1):
        rankings = lead_unit_rankings_by(Task.objects.all(), key="document", as_of=TODAY)
    assert set(rankings) == {first.pk, second.pk}
    for document in (first, second):
        alone = lead_unit_ranking(Task.objects.filter(document=document), as_of=TODAY)
        assert rankings[document.pk] == alone
        assert alone.counts == task_counts(Task.objects.filter(document=document), as_of=TODAY)


def test_counts_of_disjoint_sets_add_up_to_the_counts_of_both(today, extended_on_10_may):
    TaskFactory(status=Task.Status.COMPLETED, completed_on=date(2025, 6, 1))
    TaskFactory(deadline=date(2025, 3, 1))
    tasks = Task.objects.all()
    as_of = date(2025, 8, 1)
    first = Task.objects.order_by("pk").first()
    alone = task_counts(tasks.filter(pk=first.pk), as_of=as_of)
    rest = task_counts(tasks.exclude(pk=first.pk), as_of=as_of)
    assert alone + rest == task_counts(tasks, as_of=as_of)


# Against the rules read in plain Python -----------------------------------------------------

BASE = date(2025, 1, 1)
day = st.integers(min_value=0, max_value=400)


@st.composite
def task_specs(draw):
    assigned = draw(day)
    deadline = draw(st.one_of(st.none(), st.integers(min_value=assigned, max_value=420)))
    status = draw(st.sampled_from(Status.values))
    completed = (
        draw(st.integers(min_value=assigned, max_value=420)) if status == "completed" else None
    )
    started = draw(st.one_of(st.none(), st.integers(min_value=assigned, max_value=420)))
    cancelled = (
        draw(st.integers(min_value=assigned, max_value=420)) if status == "cancelled" else None
    )
    extensions = []
    if deadline is not None:
        for _ in range(draw(st.integers(min_value=0, max_value=2))):
            extensions.append(
                (
                    draw(day),
                    draw(st.integers(min_value=deadline, max_value=500)),
                    draw(st.sampled_from(Extension.Status.values)),
                )
            )
    return assigned, deadline, status, completed, started, extensions, cancelled


def at(offset: int | None) -> date | None:
    return None if offset is None else BASE + timedelta(days=offset)


def _in_force(deadline, extensions, as_of):
    approved = [
        (decided, i, new)
        for i, (decided, new, status) in enumerate(extensions)
        if status == "approved" and decided <= as_of
    ]
    return max(approved)[2] if approved else deadline


def _expected(specs, as_of) -> TaskCounts:
    tally = dict.fromkeys(TaskCounts.__dataclass_fields__, 0)
    for assigned, deadline, status, completed, started, extensions, cancelled in specs:
        if (cancelled is not None and cancelled <= as_of) or assigned > as_of:
            continue
        in_force = _in_force(deadline, extensions, as_of)
        done = status == "completed" and completed <= as_of
        tally["total"] += 1
        tally["extensions"] += sum(1 for e in extensions if e[2] == "approved" and e[0] <= as_of)
        if done:
            tally["completed"] += 1
            late = in_force is not None and completed > in_force
            after_original = deadline is not None and completed > deadline
            tally["completed_late"] += late
            tally["completed_on_time"] += not late
            tally["completed_on_time_extended"] += (not late) and after_original
            tally["completed_after_original"] += after_original
        else:
            tally["not_started"] += started is None or started > as_of
            tally["overdue"] += in_force is not None and in_force < as_of
            tally["overdue_against_original"] += deadline is not None and deadline < as_of
    return TaskCounts(**tally)


def create_tasks(specs) -> list[Task]:
    """One task per spec of `task_specs`, in order, with its extension rows; extensions
    approved after today are dropped from the specs (approval days are never future)."""
    document, unit = DocumentFactory(), UnitFactory()
    tasks = []
    for assigned, deadline, status, completed, started, extensions, cancelled in specs:
        approved = sorted(
            (d, i, new)
            for i, (d, new, s) in enumerate(extensions)
            if s == "approved" and BASE + timedelta(d) <= TODAY
        )
        extensions[:] = [
            e for e in extensions if e[2] != "approved" or BASE + timedelta(e[0]) <= TODAY
        ]
        task = TaskFactory(
            document=document,
            lead_unit=unit,
            assigned_on=BASE + timedelta(assigned),
            original_deadline=at(deadline),
            deadline=at(approved[-1][2] if approved else deadline),
            status=status,
            completed_on=at(completed),
            started_on=at(started),
            cancelled_on=at(cancelled),
            extension_count=len(approved),
        )
        Extension.objects.bulk_create(
            Extension(
                task=task,
                requested_deadline=BASE + timedelta(new),
                reason="r",
                status=s,
                decided_on=BASE + timedelta(d),
            )
            for d, new, s in extensions
        )
        tasks.append(task)
    return tasks


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(specs=st.lists(task_specs(), max_size=12), as_of=st.integers(min_value=0, max_value=700))
def test_counts_follow_the_rules_on_any_day(today, specs, as_of):
    """`today` is 2025-09-30 (day 272): days after it exercise the stored deadline in force."""
    with transaction.atomic():
        create_tasks(specs)
        day_of_count = BASE + timedelta(as_of)
        result = task_counts(Task.objects.all(), as_of=day_of_count)
        listed = {
            state: tasks_in_state(Task.objects.all(), state=state, as_of=day_of_count).count()
            for state in TASK_STATES
        }
        transaction.set_rollback(True)
    expected = _expected(specs, as_of)
    assert result == expected
    assert result.overdue <= result.in_progress
    assert result.completed + result.in_progress == result.total
    assert result.completed_on_time + result.completed_late == result.completed
    # the drill-down list behind each figure holds exactly as many tasks
    assert listed == {state: getattr(result, state) for state in TASK_STATES}
    assert result.not_started <= result.in_progress


@pytest.mark.django_db
def test_counts_by_a_pair_of_fields_match_counts_of_each_subset(today, unit, other_unit):
    document = DocumentFactory()
    TaskFactory.create_batch(2, document=document, lead_unit=unit)
    TaskFactory(document=document, lead_unit=other_unit, deadline=date(2025, 9, 1))
    by_pair = task_counts_by(Task.objects.all(), key=("document", "lead_unit"), as_of=TODAY)
    for (document_id, unit_id), counts in by_pair.items():
        subset = Task.objects.filter(document_id=document_id, lead_unit_id=unit_id)
        assert counts == task_counts(subset, as_of=TODAY)
    assert set(by_pair) == {(document.pk, unit.pk), (document.pk, other_unit.pk)}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    specs=st.lists(st.tuples(task_specs(), st.booleans()), max_size=10),
    as_of=st.integers(min_value=0, max_value=700),
)
def test_counts_of_the_lead_units_together_are_the_counts_of_all(today, specs, as_of):
    with transaction.atomic():
        document, units = DocumentFactory(), (UnitFactory(), UnitFactory())
        for (assigned, deadline, status, completed, started, _, cancelled), second in specs:
            TaskFactory(
                document=document,
                lead_unit=units[second],
                assigned_on=BASE + timedelta(assigned),
                original_deadline=at(deadline),
                deadline=at(deadline),
                status=status,
                completed_on=at(completed),
                started_on=at(started),
                cancelled_on=at(cancelled),
            )
        day = BASE + timedelta(as_of)
        headline = lead_unit_ranking(Task.objects.all(), as_of=day, first=1).counts
        whole = task_counts(Task.objects.all(), as_of=day)
        transaction.set_rollback(True)
    assert headline == whole
