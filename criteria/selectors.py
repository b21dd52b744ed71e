"""Reads of criteria sets: the matrix of units × criteria as of a day, the one place its
figures (each unit's share met, the units at 100%, the criteria most often missed) come
from, for the page and the API alike."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from criteria.models import CriteriaSet, Criterion, CriterionReport
from reports.counting import rate
from resolutions.models import Unit
from resolutions.permissions import User, units_visible_to


@dataclass(frozen=True)
class Cell:
    criterion: Criterion
    report: CriterionReport | None  # the latest by the day; None: not reported


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    met: int
    share_met: Decimal | None  # met / criteria in %, one decimal
    cells: list[Cell]  # one per criterion, in order

    @property
    def complete(self) -> bool:
        return self.share_met == 100


@dataclass(frozen=True)
class Missed:
    criterion: Criterion
    units: int  # units that do not meet it (not reported counts as not met)


@dataclass(frozen=True)
class CriteriaMatrix:
    criteria_set: CriteriaSet
    as_of: date
    parent: Unit
    criteria: list[Criterion]
    rows: list[UnitRow]
    most_missed: list[Missed]  # most often missed first; only criteria some unit misses

    @property
    def complete_units(self) -> list[Unit]:
        """The units that meet every criterion, as a speech names them."""
        return [row.unit for row in self.rows if row.complete]


def matrix_units(
    criteria_set: CriteriaSet,
    *,
    parent: Unit | None = None,
    kind: str | None = None,
    user: User | None = None,
) -> QuerySet[Unit]:
    """The active units the set applies to, under `parent` (the set's own by default), and
    only those `user` (if given) may read."""
    units = units_visible_to(user) if user is not None else Unit.objects.all()
    units = units.filter(path__startswith=criteria_set.parent.path).filter(
        is_active=True, kind__in=criteria_set.unit_kinds
    )
    if parent is not None:
        units = units.filter(path__startswith=parent.path)
    return units.filter(kind=kind) if kind else units


def latest_reports(criteria_set: CriteriaSet, units: QuerySet[Unit], *, as_of: date):
    """Each (unit, criterion)'s latest report on or before `as_of`."""
    latest = (
        CriterionReport.objects.filter(
            criterion=OuterRef("criterion"), unit=OuterRef("unit"), on__lte=as_of
        )
        .order_by("-on", "-id")
        .values("id")[:1]
    )
    return CriterionReport.objects.filter(
        criterion__criteria_set=criteria_set, unit__in=units, on__lte=as_of
    ).filter(id=Subquery(latest))


def criteria_matrix(
    criteria_set: CriteriaSet,
    *,
    user: User,
    as_of: date,
    parent: Unit | None = None,
    kind: str | None = None,
) -> CriteriaMatrix:
    """The matrix as it stood on `as_of` for the units `user` reads: units by name,
    criteria by number."""
    units = matrix_units(criteria_set, parent=parent, kind=kind, user=user)
    return _matrix(criteria_set, units, as_of=as_of, parent=parent or criteria_set.parent)


def _matrix(
    criteria_set: CriteriaSet, units: QuerySet[Unit], *, as_of: date, parent: Unit
) -> CriteriaMatrix:
    criteria = list(criteria_set.criteria.order_by("number"))
    unit_list = list(units.order_by("name_key", "code"))
    reports = latest_reports(criteria_set, units, as_of=as_of)
    met_by_unit = dict(
        reports.values("unit")
        .annotate(met=Count("id", filter=Q(met=True)))
        .values_list("unit", "met")
    )
    met_by_criterion = dict(
        reports.values("criterion")
        .annotate(met=Count("id", filter=Q(met=True)))
        .values_list("criterion", "met")
    )
    cells = {(r.unit_id, r.criterion_id): r for r in reports.select_related("reported_by")}
    rows = [
        UnitRow(
            unit=unit,
            met=met_by_unit.get(unit.pk, 0),
            share_met=rate(met_by_unit.get(unit.pk, 0), len(criteria)),
            cells=[Cell(criterion, cells.get((unit.pk, criterion.pk))) for criterion in criteria],
        )
        for unit in unit_list
    ]
    missed = [
        Missed(criterion, len(unit_list) - met_by_criterion.get(criterion.pk, 0))
        for criterion in criteria
    ]
    return CriteriaMatrix(
        criteria_set=criteria_set,
        as_of=as_of,
        parent=parent,
        criteria=criteria,
        rows=rows,
        most_missed=sorted(
            (m for m in missed if m.units), key=lambda m: (-m.units, m.criterion.number)
        ),
    )


def unit_scorecard(criteria_set: CriteriaSet, unit: Unit, *, as_of: date) -> UnitRow:
    """One unit's row of the matrix (the unit need not be one the set applies to)."""
    units = Unit.objects.filter(pk=unit.pk)
    return _matrix(criteria_set, units, as_of=as_of, parent=unit).rows[0]
