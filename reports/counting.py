"""The one place where task figures are counted (DOMAIN.md "Counting").

Every page, the API, exports and snapshots call these functions, so they cannot disagree.
Each figure set is one aggregate query; rates are Decimal, rounded half-up to one decimal.
Formatting (42,7%) is the templates' job, not this module's.
"""

from collections.abc import Collection
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connections
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextChoices,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan, LessThan, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.compiled import compiled_sql, value_rows
from resolutions.models import Unit
from tasks.models import Extension, Task

ONE_DECIMAL = Decimal("0.1")
MIN_TASKS_TO_RANK = 3


def rate(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    """numerator / denominator as a percentage with one decimal, half-up; None for an empty set."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def shares(parts: list[int] | list[Decimal], *, decimals: int = 1) -> list[Decimal | None]:
    """Percentages of a whole split into `parts`, adding up to exactly 100 at `decimals`
    decimals (largest-remainder method). An empty whole has no shares."""
    total = sum(parts)
    if not total:
        return [None] * len(parts)
    unit = 10**decimals
    scale = 100 * unit  # e.g. tenths of a percent
    exact = [part * scale for part in parts]
    floors = [value // total for value in exact]
    leftover = int(scale - sum(floors))
    by_remainder = sorted(range(len(parts)), key=lambda i: (-(exact[i] % total), -parts[i], i))
    for i in by_remainder[:leftover]:
        floors[i] += 1
    return [Decimal(value) / unit for value in floors]


@dataclass(frozen=True)
class TaskCounts:
    total: int = 0
    completed: int = 0
    completed_on_time: int = 0
    completed_on_time_extended: int = 0
    completed_late: int = 0
    completed_after_original: int = 0
    not_started: int = 0
    overdue: int = 0
    overdue_against_original: int = 0
    extensions: int = 0

    def __add__(self, other: "TaskCounts") -> "TaskCounts":
        """The counts of two disjoint sets of tasks together (e.g. two documents' tasks)."""
        return TaskCounts(*(getattr(self, n) + getattr(other, n) for n in COUNT_NAMES))

    @property
    def in_progress(self) -> int:
        """Everything not completed, not-started tasks included (DOMAIN.md)."""
        return self.total - self.completed

    @property
    def started(self) -> int:
        return self.in_progress - self.not_started

    @property
    def completion_rate(self) -> Decimal | None:
        """The Party's headline rate: completed / all assigned."""
        return rate(self.completed, self.total)

    @property
    def overdue_rate(self) -> Decimal | None:
        return rate(self.overdue, self.total)

    @property
    def on_time_rate(self) -> Decimal | None:
        """The Government Office's rate among tasks already due:
        completed / (completed + overdue)."""
        return rate(self.completed, self.completed + self.overdue)

    @property
    def on_time_rate_against_original(self) -> Decimal | None:
        """The same, judging every task against its original deadline (extensions ignored)."""
        return rate(
            self.completed - self.completed_after_original,
            self.completed + self.overdue_against_original,
        )

    @property
    def breakdown(self) -> list[Decimal | None]:
        """Shares of completed / started / not started, adding up to 100%."""
        return shares([self.completed, self.started, self.not_started])


def deadline_in_force(as_of: date) -> Any:
    """The deadline in force on `as_of`: the original one, moved by each extension approved
    on or before that day. Today and later it is the stored `Task.deadline`."""
    if as_of >= timezone.localdate():
        return F("deadline")
    latest_approved = (
        Extension.objects.filter(
            task=OuterRef("pk"), status=Extension.Status.APPROVED, decided_on__lte=as_of
        )
        .order_by("-decided_on", "-id")
        .values("requested_deadline")[:1]
    )
    # `extension_count` counts approved extensions and never goes down: a task with none
    # today had none on any earlier day, so only extended tasks pay for the subquery.
    return Case(
        When(extension_count=0, then=F("original_deadline")),
        default=Coalesce(Subquery(latest_approved), F("original_deadline")),
    )


def extensions_approved(as_of: date) -> Any:
    """How many extensions of a task were approved on or before `as_of`; today and later,
    the stored `Task.extension_count`. As above, only extended tasks pay for the subquery."""
    if as_of >= timezone.localdate():
        return F("extension_count")
    approved = (
        Extension.objects.filter(
            task=OuterRef("pk"), status=Extension.Status.APPROVED, decided_on__lte=as_of
        )
        .order_by()
        .values("task")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Case(
        When(extension_count=0, then=Value(0)),
        default=Coalesce(Subquery(approved), Value(0)),
    )


def not_cancelled_on(as_of: date) -> Q:
    """The task had not been stopped by `as_of`: a cancellation counts from its business
    day, so a task cancelled later still counts on the days before (past figures stand)."""
    return ~Q(status=Task.Status.CANCELLED) | Q(cancelled_on__gt=as_of)


def _counted(tasks: QuerySet[Task], as_of: date, same: tuple[str, ...] = ()) -> QuerySet[Task]:
    """The tasks of `tasks` counted on `as_of`: assigned by then, not stopped, and counted
    once (DOMAIN.md "Levels"): a sub-task whose parent is counted in the same figure (the
    same `same` values: a document's figures count that document's tasks) is left out,
    so a breakdown never counts a task twice."""
    counted = tasks.filter(not_cancelled_on(as_of), assigned_on__lte=as_of)
    parent_counted = counted.filter(
        pk=OuterRef("parent_id"), **{name: OuterRef(name) for name in same}
    )
    return counted.filter(Q(parent__isnull=True) | ~Exists(parent_counted.values("pk")))


def _conditions(as_of: date) -> dict[str, Q]:
    """The state of a counted task on `as_of`, one condition per figure; counting and the
    drill-down lists share them, so a figure and the list behind it always agree."""
    deadline = deadline_in_force(as_of)
    done = Q(status=Task.Status.COMPLETED, completed_on__lte=as_of)
    open_ = ~done
    # No deadline is never late; one reference to the deadline costs one subquery on a past day.
    on_time = done & Q(LessThanOrEqual(F("completed_on"), Coalesce(deadline, Value(date.max))))
    after_original = done & Q(completed_on__gt=F("original_deadline"))
    return {
        "completed": done,
        "completed_on_time": on_time,
        "completed_on_time_extended": on_time & after_original,
        "completed_late": done & Q(GreaterThan(F("completed_on"), deadline)),
        "completed_after_original": after_original,
        "in_progress": open_,
        "not_started": open_ & (Q(started_on__isnull=True) | Q(started_on__gt=as_of)),
        "overdue": open_ & Q(LessThan(deadline, as_of)),
        "overdue_against_original": open_ & Q(original_deadline__lt=as_of),
    }


def _expressions(as_of: date) -> dict[str, Any]:
    conditions = _conditions(as_of)
    del conditions["in_progress"]  # TaskCounts derives it: total − completed
    return {
        "total": Count("id"),
        **{name: Count("id", filter=condition) for name, condition in conditions.items()},
        "extensions": Coalesce(Sum(extensions_approved(as_of)), 0),
    }


TASK_STATES = ("completed", "completed_late", "in_progress", "not_started", "overdue")


def in_state(state: str, *, as_of: date) -> Q:
    """For `filter()` on any tasks: counted on `as_of` (assigned, not stopped) and in
    `state` (one of TASK_STATES) that day; lists, sweeps and reminders use this rather
    than a second definition of overdue or open."""
    return Q(not_cancelled_on(as_of), assigned_on__lte=as_of) & _conditions(as_of)[state]


class RowState(TextChoices):
    """What a row's badge says of a task on a day, from the counting conditions."""

    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Completed")
    OVERDUE = "overdue", _("Overdue")
    OPEN = "open", _("In progress")


def state_on(as_of: date) -> Case:
    """For `annotate()`: each task's `RowState` on `as_of`."""
    conditions = _conditions(as_of)
    return Case(
        When(~not_cancelled_on(as_of), then=Value(RowState.CANCELLED)),
        When(conditions["completed"], then=Value(RowState.COMPLETED)),
        When(conditions["overdue"], then=Value(RowState.OVERDUE)),
        default=Value(RowState.OPEN),
        output_field=CharField(),
    )


def tasks_in_state(tasks: QuerySet[Task], *, state: str | None, as_of: date) -> QuerySet[Task]:
    """The counted `tasks` behind one figure on `as_of` (None: all of them), with
    `deadline_on` annotated (the deadline in force that day) and `state_on` (its
    `RowState`, for the row's badge)."""
    counted = _counted(tasks, as_of).annotate(
        deadline_on=deadline_in_force(as_of), state_on=state_on(as_of)
    )
    if state is None:
        return counted
    return counted.filter(_conditions(as_of)[state])


def task_counts(tasks: QuerySet[Task], *, as_of: date) -> TaskCounts:
    """Counts of DOMAIN.md "Counting" for `tasks` as they stood on `as_of`, in one query."""
    return TaskCounts(**_counted(tasks, as_of).aggregate(**_expressions(as_of)))


def task_counts_by(
    tasks: QuerySet[Task], *, key: str | tuple[str, ...], as_of: date
) -> dict[Any, TaskCounts]:
    """`task_counts` for each value of `key` (e.g. "document", "lead_unit"), in one query;
    a tuple of fields groups by all of them and keys the result by tuples of their values.
    Keys with no counted task are absent: their counts are `TaskCounts()`."""
    fields = (key,) if isinstance(key, str) else key
    rows = value_rows(
        tasks,
        ("counts_by", fields, as_of),
        lambda: (
            _counted(tasks, as_of, fields)
            .order_by()
            .values(*fields)
            .annotate(**_expressions(as_of))
        ),
    )

    def group(row: dict[str, Any]) -> Any:
        values = tuple(row.pop(field) for field in fields)
        return values[0] if isinstance(key, str) else values

    # a SUM is a numeric on PostgreSQL (the extensions of a past day): every count an int
    return {group(row): TaskCounts(**{n: int(v) for n, v in row.items()}) for row in rows}


@dataclass(frozen=True)
class UnitName:
    """What a ranking shows of a unit: thousands of them are ranked without model instances."""

    pk: int
    code: str
    name: str
    short_name: str

    def __str__(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True)
class UnitFigures:
    unit: UnitName
    counts: TaskCounts
    position: int  # in the ranking's order: the ranked units first, then the unranked
    rank: int | None  # None: fewer than MIN_TASKS_TO_RANK tasks, listed but not ranked


@dataclass(frozen=True)
class Ranking:
    """Lead units ranked as DOMAIN.md says, `units` being those read, in order."""

    counts: TaskCounts  # every lead unit's together: the headline
    units: list[UnitFigures]
    unit_count: int
    ranked_count: int


COUNT_NAMES = tuple(f.name for f in fields(TaskCounts))

# The counts per lead unit ({per_unit}, the ORM's query) joined with the units' names, placed
# in ranking order by a window function; the window sums give the headline over every unit,
# so only the rows {wanted} leave the database. The completion rate is compared as shown:
# in tenths of a percent, half-up, in integers. {within} is empty for one ranking, or
# "PARTITION BY per_unit.<key>" for one ranking per value of a grouping key (its value is
# then the last column).
RANKING_SQL = """
WITH per_unit AS ({per_unit}), ranked AS (
    SELECT per_unit.*, unit.code, unit.name, unit.short_name,
        ROW_NUMBER() OVER ({within} ORDER BY
            CASE WHEN per_unit.total >= {min_tasks} THEN 0 ELSE 1 END,
            (2000 * per_unit.completed + per_unit.total) / (2 * per_unit.total) DESC,
            per_unit.overdue, unit.name_key{collate}, unit.code{collate}) AS position,
        SUM(CASE WHEN per_unit.total >= {min_tasks} THEN 1 ELSE 0 END) OVER ({within})
            AS ranked_count,
        COUNT(*) OVER ({within}) AS unit_count,
        {sums}
    FROM per_unit JOIN {units} unit ON unit.id = per_unit.lead_unit
)
SELECT lead_unit, code, name, short_name, position, ranked_count, unit_count, {columns}
FROM ranked WHERE {wanted} ORDER BY {order}position
"""


def _ranking_rows(
    tasks: QuerySet[Task],
    *,
    as_of: date,
    key: str | None = None,
    wanted: str = "1 = 1",
    wanted_params: Collection[Any] = (),
) -> list[tuple]:
    """RANKING_SQL's rows for `tasks` on `as_of`: one ranking, or one per value of `key`."""
    groups = ("lead_unit",) if key is None else (key, "lead_unit")
    # counted once over the whole ranking (not per unit), so the rows add up to the
    # headline; one ranking per `key` value counts once within that value (a document)
    same = () if key is None else (key,)
    compiled = compiled_sql(
        tasks,
        ("per_unit", groups, same, as_of),
        lambda: (
            _counted(tasks, as_of, same).order_by().values(*groups).annotate(**_expressions(as_of))
        ),
    )
    if compiled is None:
        return []
    per_unit_sql, params = compiled
    connection = connections[tasks.db]
    within = "" if key is None else f"PARTITION BY per_unit.{connection.ops.quote_name(key)}"
    columns = [*COUNT_NAMES, *(f"all_{n}" for n in COUNT_NAMES)]
    sql = RANKING_SQL.format(
        per_unit=per_unit_sql,
        within=within,
        min_tasks=MIN_TASKS_TO_RANK,
        collate=' COLLATE "C"' if connection.vendor == "postgresql" else "",
        sums=", ".join(f"SUM(per_unit.{n}) OVER ({within}) AS all_{n}" for n in COUNT_NAMES),
        units=connection.ops.quote_name(Unit._meta.db_table),
        columns=", ".join(columns if key is None else [*columns, connection.ops.quote_name(key)]),
        wanted=wanted,
        order="" if key is None else f"{connection.ops.quote_name(key)}, ",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *wanted_params])
        return cursor.fetchall()


def _ranking(rows: list[tuple]) -> Ranking:
    """One ranking from its rows of RANKING_SQL, in order."""
    if not rows:
        return Ranking(TaskCounts(), [], 0, 0)
    n = len(COUNT_NAMES)
    units = [
        UnitFigures(
            unit=UnitName(*row[:4]),
            counts=TaskCounts(*map(int, row[7 : 7 + n])),
            position=row[4],
            rank=row[4] if row[7] >= MIN_TASKS_TO_RANK else None,
        )
        for row in rows
    ]
    # a SUM is a numeric on PostgreSQL (the extensions of a past day, the headline): back to int
    headline = TaskCounts(*(int(value) for value in rows[0][7 + n : 7 + 2 * n]))
    return Ranking(headline, units, unit_count=rows[0][6], ranked_count=int(rows[0][5]))


def lead_unit_ranking(
    tasks: QuerySet[Task],
    *,
    as_of: date,
    first: int | None = None,
    last: int = 0,
    also: Collection[int] = (),
) -> Ranking:
    """The counts of `tasks` on `as_of` for each lead unit, ranked by completion rate (as
    shown, to one decimal), then fewer overdue, then name; units with fewer than
    `MIN_TASKS_TO_RANK` tasks come after, unranked. One query, one pass over the tasks:
    the headline is the sum over every unit, but only the first `first` units (all when
    None; at least one, whose row carries the headline), the last `last` ranked and those
    whose id is in `also` are read."""
    if first is not None and first < 1:
        raise ValueError("A ranking reads at least its first unit: it carries the headline.")
    wanted, wanted_params = "1 = 1", []
    if first is not None:
        wanted = "position <= %s OR position > ranked_count - %s AND position <= ranked_count"
        wanted_params = [first, last]
        if also:
            wanted += f" OR lead_unit IN ({', '.join(['%s'] * len(also))})"
            wanted_params += list(also)
    return _ranking(_ranking_rows(tasks, as_of=as_of, wanted=wanted, wanted_params=wanted_params))


def lead_unit_rankings_by(tasks: QuerySet[Task], *, key: str, as_of: date) -> dict[Any, Ranking]:
    """`lead_unit_ranking` of every unit, for each value of `key` (e.g. "document"), in one
    query: each ranking's headline is the counts of that value's tasks. Values with no
    counted task are absent: their ranking is empty."""
    by_key: dict[Any, list[tuple]] = {}
    for row in _ranking_rows(tasks, as_of=as_of, key=key):
        by_key.setdefault(row[-1], []).append(row)
    return {value: _ranking(rows) for value, rows in by_key.items()}


@dataclass(frozen=True)
class TrendPoint:
    day: date
    total: int
    completed: int

    @property
    def completion_rate(self) -> Decimal | None:
        return rate(self.completed, self.total)


# (period assigned, period completed, period cancelled) of a task; None: after the last day,
# or never completed / cancelled
Cell = tuple[int | None, int | None, int | None]


@dataclass(frozen=True)
class CompletionHistory:
    """Tasks counted by the period they were assigned in and the period they were completed
    in: period 0 ends on `days[0]` (everything earlier folded into it), period i runs from
    the day after `days[i - 1]` to `days[i]`. A few cells stand for any number of tasks, so
    the trend and the monthly pace are sums over them, not passes over the tasks."""

    days: tuple[date, ...]
    cells: dict[Cell, int] = field(default_factory=dict)

    def __add__(self, other: "CompletionHistory") -> "CompletionHistory":
        cells = dict(self.cells)
        for cell, tasks in other.cells.items():
            cells[cell] = cells.get(cell, 0) + tasks
        return CompletionHistory(self.days, cells)

    @property
    def trend(self) -> list[TrendPoint]:
        """Total and completed on each of `days`, as `task_counts` counts them that day."""

        def upto(period: int | None, i: int) -> bool:
            return period is not None and period <= i

        def counted(cell: Cell, i: int) -> bool:
            return upto(cell[0], i) and not upto(cell[2], i)

        return [
            TrendPoint(
                day=day,
                total=sum(n for cell, n in self.cells.items() if counted(cell, i)),
                completed=sum(
                    n for cell, n in self.cells.items() if counted(cell, i) and upto(cell[1], i)
                ),
            )
            for i, day in enumerate(self.days)
        ]

    @property
    def cancelled(self) -> int:
        """Tasks assigned and stopped (dừng thực hiện) by the last of `days`: the line
        dashboards show beside the counts, so no task leaves the figures silently."""
        return sum(
            n
            for (assigned, _, cancelled), n in self.cells.items()
            if None not in (assigned, cancelled)
        )

    @property
    def completed_between(self) -> list[int]:
        """Tasks completed after each of `days` up to the next one (one fewer than `days`),
        whenever they were assigned: the recent pace that forecasts draw from."""
        return [
            sum(n for (_, completed, _), n in self.cells.items() if completed == i)
            for i in range(1, len(self.days))
        ]


def _period(field_name: str, days: tuple[date, ...]) -> Case:
    return Case(
        *(When(**{f"{field_name}__lte": day}, then=Value(i)) for i, day in enumerate(days)),
        default=None,
        output_field=IntegerField(),
    )


def completion_history(
    tasks: QuerySet[Task], *, key: str, days: list[date]
) -> dict[Any, CompletionHistory]:
    """The `CompletionHistory` of `tasks` (cancelled ones from their day) over `days` (in
    order) for each value of `key` (e.g. "document"), in one query grouped by key and
    periods: at most (len(days) + 1)² rows for each key, whatever the number of tasks.
    Keys without tasks are absent: their history is `CompletionHistory(tuple(days))`."""
    periods = tuple(days)
    completed = Q(status=Task.Status.COMPLETED)
    cancelled = Q(status=Task.Status.CANCELLED)
    rows = value_rows(
        tasks,
        ("history", key, periods),
        lambda: (
            tasks.order_by()
            .annotate(
                assigned_period=_period("assigned_on", periods),
                completed_period=Case(
                    When(completed, then=_period("completed_on", periods)),
                    output_field=IntegerField(),
                ),
                cancelled_period=Case(
                    When(cancelled, then=_period("cancelled_on", periods)),
                    output_field=IntegerField(),
                ),
            )
            .values(key, "assigned_period", "completed_period", "cancelled_period")
            .annotate(tasks=Count("id"))
        ),
    )
    by_key: dict[Any, CompletionHistory] = {}
    for row in rows:
        history = by_key.setdefault(row[key], CompletionHistory(periods))
        cell = (row["assigned_period"], row["completed_period"], row["cancelled_period"])
        history.cells[cell] = row["tasks"]
    return by_key
