"""Figure sets for pages, API and exports; all counting goes through reports.counting."""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import F, QuerySet
from django.utils import timezone

from reports.counting import (
    CompletionHistory,
    Ranking,
    TaskCounts,
    TrendPoint,
    UnitFigures,
    completion_history,
    lead_unit_ranking,
    task_counts_by,
    tasks_in_state,
)
from reports.forecast import PACE_MONTHS, Forecast, finish_forecast, recent_months
from reports.risk import AT_RISK_SCORE, Risk, risk_of
from resolutions.models import Document, Unit
from resolutions.permissions import User, targets_visible_to  # noqa: F401 (read from here)
from resolutions.selectors import active_documents
from tasks.listing import last_report_on
from tasks.models import Task
from tasks.selectors import open_blockers_on


@dataclass(frozen=True)
class DocumentFigures:
    document: Document
    counts: TaskCounts
    previous: TaskCounts | None = None

    @property
    def completion_change(self) -> Decimal | None:
        """Percentage points gained since the previous period; None without two rates."""
        now = self.counts.completion_rate
        before = self.previous.completion_rate if self.previous else None
        return None if now is None or before is None else now - before


def previous_period_end(as_of: date) -> date:
    """The end of the month before `as_of`'s: the previous monthly report's day."""
    return as_of.replace(day=1) - timedelta(days=1)


def document_overview(
    tasks: QuerySet[Task], *, user: User, as_of: date, previous: date | None = None
) -> list[DocumentFigures]:
    """Every active document `user` sees with the counts of its `tasks` on `as_of` (and
    on `previous`, for the change since then): two queries, three with `previous`."""
    counts = task_counts_by(tasks, key="document", as_of=as_of)
    before = task_counts_by(tasks, key="document", as_of=previous) if previous else {}
    return [
        DocumentFigures(
            document=document,
            counts=counts.get(document.pk, TaskCounts()),
            previous=before.get(document.pk, TaskCounts()) if previous else None,
        )
        for document in active_documents(user)
    ]


# Dashboards ---------------------------------------------------------------------------

TOP = 5
OVERDUE_SHOWN = 50
AT_RISK_SHOWN = 10
# Only tasks due within this many days are scored: far deadlines are not yet at risk.
AT_RISK_WINDOW = timedelta(days=90)
AT_RISK_CANDIDATES = 300
# One grouped query reads the trend and the pace: they span the same months.
TREND_POINTS = PACE_MONTHS
# A national document has thousands of lead units; the table shows the first ones ranked.
UNITS_SHOWN = 100


@dataclass(frozen=True)
class DashboardFilters:
    """Which tasks a dashboard counts and on which day."""

    as_of: date
    kind: str = ""
    parent: Unit | None = None
    with_subunits: bool = True


@dataclass(frozen=True)
class OverdueTask:
    task: Task
    days_overdue: int


@dataclass(frozen=True)
class AtRiskTask:
    task: Task
    risk: Risk


@dataclass(frozen=True)
class DocumentForecast:
    document: Document
    forecast: Forecast


@dataclass(frozen=True)
class Dashboard:
    """The figures of one dashboard; `document` or `unit` says whose."""

    as_of: date
    ranking: Ranking
    overdue: list[OverdueTask]
    at_risk: list[AtRiskTask] | None  # None: judged only for today, not for a past day
    trend: list[TrendPoint]
    forecasts: list[DocumentForecast]
    documents: list[DocumentFigures]
    document: Document | None = None
    unit: Unit | None = None
    # stopped (dừng thực hiện) by the day: out of the counts, shown on their own line
    cancelled: int = 0

    @property
    def counts(self) -> TaskCounts:
        return self.ranking.counts

    @property
    def units_shown(self) -> list[UnitFigures]:
        return [figures for figures in self.ranking.units if figures.position <= UNITS_SHOWN]

    @property
    def units_not_shown(self) -> int:
        return self.ranking.unit_count - len(self.units_shown)

    @property
    def top(self) -> list[UnitFigures]:
        return [figures for figures in self.ranking.units if figures.rank and figures.rank <= TOP]

    @property
    def bottom(self) -> list[UnitFigures]:
        """The last five ranked, worst first; empty when the top five already show them all."""
        after = max(self.ranking.ranked_count - TOP, TOP)
        return [f for f in reversed(self.ranking.units) if f.rank and f.rank > after]


def filtered_tasks(tasks: QuerySet[Task], filters: DashboardFilters) -> QuerySet[Task]:
    """`tasks` narrowed to a kind of lead unit and to one unit, with or without its sub-units."""
    if filters.kind:
        tasks = tasks.filter(lead_unit__kind=filters.kind)
    if filters.parent is not None:
        if filters.with_subunits:
            tasks = tasks.filter(lead_unit__path__startswith=filters.parent.path)
        else:
            tasks = tasks.filter(lead_unit=filters.parent)
    return tasks


def trend_days(as_of: date, points: int = TREND_POINTS) -> list[date]:
    """The last day of each of the `points - 1` months before `as_of`'s, then `as_of`."""
    return [month - timedelta(days=1) for month in recent_months(as_of, points)[1:]] + [as_of]


def month_ends(as_of: date) -> list[date]:
    """The day before the first of the `PACE_MONTHS` recent months, then `trend_days`: the
    periods between them are those months, the last one up to `as_of`."""
    return [recent_months(as_of)[0] - timedelta(days=1), *trend_days(as_of)]


def overdue_tasks(tasks: QuerySet[Task], *, as_of: date) -> list[OverdueTask]:
    """The longest overdue of `tasks` on `as_of`, with their owner: one query."""
    rows = (
        tasks_in_state(tasks, state="overdue", as_of=as_of)
        .select_related("lead_unit")
        .order_by(F("deadline_on").asc(), "id")[:OVERDUE_SHOWN]
    )
    return [OverdueTask(task, (as_of - task.deadline_on).days) for task in rows]  # type: ignore[attr-defined]


def at_risk_candidates(tasks: QuerySet[Task], *, as_of: date) -> list[Task] | None:
    """The open tasks due within 90 days, the soonest first, with the day of their unit's
    last progress report and the number of their blockers open on `as_of`: one query. The
    percent stored is today's, so a past day is not judged (None)."""
    if as_of < timezone.localdate():
        return None
    return list(
        tasks_in_state(tasks, state="in_progress", as_of=as_of)
        .filter(deadline__gte=as_of, deadline__lte=as_of + AT_RISK_WINDOW)
        .annotate(last_report_on=last_report_on(as_of), open_blockers=open_blockers_on(as_of))
        .select_related("lead_unit")
        .order_by("deadline", "id")[:AT_RISK_CANDIDATES]
    )


def at_risk_tasks(
    candidates: list[Task], *, as_of: date, unit_on_time: dict[int, Decimal | None]
) -> list[AtRiskTask]:
    """The `candidates` scored by `reports.risk`, those at risk, highest first."""
    scored = [
        AtRiskTask(
            task,
            risk_of(
                as_of=as_of,
                assigned_on=task.assigned_on,
                deadline=task.deadline,  # type: ignore[arg-type]  # filtered: never null
                percent=task.percent,
                last_report_on=task.last_report_on,  # type: ignore[attr-defined]
                extensions=task.extension_count,
                open_blockers=task.open_blockers,  # type: ignore[attr-defined]
                unit_on_time_rate=unit_on_time.get(task.lead_unit_id),
            ),
        )
        for task in candidates
    ]
    risky = [item for item in scored if item.risk.score >= AT_RISK_SCORE]
    return sorted(risky, key=lambda item: (-item.risk.score, item.task.deadline))[:AT_RISK_SHOWN]


def _forecasts(
    history: dict[int, CompletionHistory], documents: list[DocumentFigures], *, as_of: date
) -> list[DocumentForecast]:
    none_completed = CompletionHistory(tuple(month_ends(as_of)))
    return [
        DocumentForecast(
            figures.document,
            finish_forecast(
                remaining=figures.counts.in_progress,
                monthly=history.get(figures.document.pk, none_completed).completed_between,
                as_of=as_of,
                horizon=figures.document.horizon,
            ),
        )
        for figures in documents
    ]


def _dashboard(
    tasks: QuerySet[Task],
    *,
    as_of: date,
    documents: list[DocumentFigures] | None = None,
    document: Document | None = None,
    unit: Unit | None = None,
) -> Dashboard:
    candidates = at_risk_candidates(tasks, as_of=as_of)
    # The units of the at-risk candidates are read too: their on-time rate is part of the score.
    ranking = lead_unit_ranking(
        tasks,
        as_of=as_of,
        first=UNITS_SHOWN,
        last=TOP,
        also={task.lead_unit_id for task in candidates or ()},
    )
    if documents is None and document is not None:
        documents = [DocumentFigures(document, ranking.counts)]
    on_time = {figures.unit.pk: figures.counts.on_time_rate for figures in ranking.units}
    days = month_ends(as_of)
    history = completion_history(tasks, key="document", days=days)
    whole = sum(history.values(), CompletionHistory(tuple(days)))
    return Dashboard(
        as_of=as_of,
        ranking=ranking,
        overdue=overdue_tasks(tasks, as_of=as_of),
        at_risk=None
        if candidates is None
        else at_risk_tasks(candidates, as_of=as_of, unit_on_time=on_time),
        # the first day only opens the first month of the pace: the trend starts after it
        trend=whole.trend[1:],
        forecasts=_forecasts(history, documents or [], as_of=as_of),
        documents=documents or [],
        document=document,
        unit=unit,
        cancelled=whole.cancelled,
    )


def document_dashboard(
    document: Document, tasks: QuerySet[Task], *, filters: DashboardFilters
) -> Dashboard:
    """Everything the document dashboard shows for the `tasks` a user may see: four
    queries (three for a past day) whatever the number of units and tasks."""
    tasks = filtered_tasks(tasks.filter(document=document), filters)
    return _dashboard(tasks, as_of=filters.as_of, document=document)


def unit_dashboard(unit: Unit, tasks: QuerySet[Task], *, filters: DashboardFilters) -> Dashboard:
    """One unit (with or without its sub-units, as `filters.with_subunits` says) across
    every document: six queries (five for a past day) whatever the number of units and
    tasks."""
    tasks = filtered_tasks(tasks, replace(filters, parent=unit))
    by_document = task_counts_by(tasks, key="document", as_of=filters.as_of)
    documents = [
        DocumentFigures(document, by_document[document.pk])
        for document in Document.objects.filter(pk__in=list(by_document)).order_by(
            "-issued_on", "code"
        )
    ]
    return _dashboard(tasks, as_of=filters.as_of, documents=documents, unit=unit)


def drill_down(
    tasks: QuerySet[Task],
    *,
    filters: DashboardFilters,
    document: Document | None = None,
    state: str | None = None,
) -> QuerySet[Task]:
    """The tasks behind one figure: those of `document` (if given) within `filters`, in
    `state` on the filters' day (see `reports.counting.tasks_in_state`)."""
    if document is not None:
        tasks = tasks.filter(document=document)
    return (
        tasks_in_state(filtered_tasks(tasks, filters), state=state, as_of=filters.as_of)
        .select_related("document", "lead_unit")
        .order_by(F("deadline_on").asc(nulls_last=True), "id")
    )
