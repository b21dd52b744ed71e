"""Figure sets for pages, API and exports; all counting goes through reports.counting."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from reports.counting import MIN_TASKS_TO_RANK, TaskCounts, task_counts_by
from reports.models import Target
from resolutions.codes import fold
from resolutions.models import Document, Unit
from resolutions.selectors import User, active_documents, sees_every_unit, staff_unit
from tasks.models import Task


@dataclass(frozen=True)
class DocumentFigures:
    document: Document
    counts: TaskCounts


@dataclass(frozen=True)
class UnitFigures:
    unit: Unit
    counts: TaskCounts
    rank: int | None


def document_overview(tasks: QuerySet[Task], *, as_of: date) -> list[DocumentFigures]:
    """Every active document with the counts of its `tasks` on `as_of`: two queries."""
    counts = task_counts_by(tasks, key="document", as_of=as_of)
    return [
        DocumentFigures(document=document, counts=counts.get(document.pk, TaskCounts()))
        for document in active_documents()
    ]


def rank_units(figures: list[tuple[Unit, TaskCounts]]) -> list[UnitFigures]:
    """Rank by completion rate, then fewer overdue, then name; units with fewer than
    three tasks are listed after the ranked ones, without a rank."""

    def order(item: tuple[Unit, TaskCounts]):
        unit, counts = item
        return (-(counts.completion_rate or 0), counts.overdue, fold(unit.name), unit.code)

    ranked = sorted((f for f in figures if f[1].total >= MIN_TASKS_TO_RANK), key=order)
    unranked = sorted((f for f in figures if f[1].total < MIN_TASKS_TO_RANK), key=order)
    return [UnitFigures(unit, counts, rank) for rank, (unit, counts) in enumerate(ranked, 1)] + [
        UnitFigures(unit, counts, None) for unit, counts in unranked
    ]


def unit_ranking(tasks: QuerySet[Task], *, as_of: date) -> list[UnitFigures]:
    """The lead units of `tasks` ranked as DOMAIN.md says: two queries."""
    counts = task_counts_by(tasks, key="lead_unit", as_of=as_of)
    units = Unit.objects.in_bulk(list(counts))
    return rank_units([(units[pk], unit_counts) for pk, unit_counts in counts.items()])


def targets_visible_to(user: User) -> QuerySet[Target]:
    """Coordinators, leaders and administrators see every target; unit staff those of their
    unit and the units below it."""
    if sees_every_unit(user):
        return Target.objects.all()
    unit = staff_unit(user)
    if unit is None:
        return Target.objects.none()
    return Target.objects.filter(unit__path__startswith=unit.path)
