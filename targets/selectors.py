"""Reads of targets: the one place their figures are computed (achievement, parts, roll-up,
outlook), for the pages, the API and reports alike."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Aggregate,
    Case,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from reports.counting import rate, shares
from reports.models import Target
from reports.selectors import targets_visible_to
from resolutions.selectors import User
from targets.models import TargetReport

Outlook = Target.Outlook
# Attention first: at risk, developing, on track, cannot be judged.
OUTLOOK_ORDER = [Outlook.RED, Outlook.ORANGE, Outlook.GREEN, Outlook.GREY]
# Behind the pace by more than this share of what was due by now: at risk, not developing.
AT_RISK_BELOW = Decimal("0.8")
PARTS = ("done", "in_progress", "not_done")

__all__ = ["targets_visible_to"]


@dataclass(frozen=True)
class TargetFigures:
    """A target's figures: its own, or the sum of its units' targets for a roll-up."""

    target: Target
    actual: Decimal
    plan: Decimal
    parts: tuple[Decimal, Decimal, Decimal]  # done, in progress, not done
    rolled_up: bool
    suggested_outlook: str

    @property
    def achievement(self) -> Decimal | None:
        """actual / plan in %, one decimal, half-up; may pass 100 (448 / 350 → 128.0)."""
        return rate(self.actual, self.plan)

    @property
    def done(self) -> Decimal:
        return self.parts[0]

    @property
    def in_progress(self) -> Decimal:
        return self.parts[1]

    @property
    def not_done(self) -> Decimal:
        return self.parts[2]

    @property
    def suggested_outlook_label(self) -> str:
        return str(Outlook(self.suggested_outlook).label)

    @property
    def has_parts(self) -> bool:
        return any(self.parts)

    @property
    def shares(self) -> list[Decimal | None]:
        """Done / in progress / not done as % of their sum, one decimal, adding up to 100."""
        return shares(list(self.parts))

    @property
    def shares_or_none(self) -> list[Decimal | None] | None:
        """The shares when the target has parts; None (no breakdown) otherwise."""
        return self.shares if self.has_parts else None

    @property
    def whole_shares(self) -> list[Decimal | None]:
        """The same at integer precision, as pages show them (72 / 24 / 4)."""
        return shares(list(self.parts), decimals=0)


def pace_outlook(*, actual: Decimal, plan: Decimal, start: date, end: date, on: date | None) -> str:
    """The outlook the pace suggests on `on`: green at or ahead of a straight line from the
    period's start to the plan at its end, orange a little behind, red well behind; grey
    before anything was reported or the period began."""
    if on is None or on < start:
        return Outlook.GREY
    if actual >= plan:
        return Outlook.GREEN
    days = (end - start).days + 1
    elapsed = min((on - start).days + 1, days)
    due_by_now = plan * elapsed / days
    if actual >= due_by_now:
        return Outlook.GREEN
    return Outlook.ORANGE if actual >= due_by_now * AT_RISK_BELOW else Outlook.RED


def _units_sum(field: str, aggregate: type[Aggregate] = Sum) -> Subquery:
    """The sum (or other aggregate) of `field` over the targets that add up into this one."""
    units = Target.objects.filter(parent=OuterRef("pk")).order_by().values("parent")
    return Subquery(units.annotate(total=aggregate(field)).values("total"))


def with_figures(targets: QuerySet[Target]) -> QuerySet[Target]:
    """`targets` annotated with their figures (a roll-up's are its units' sums) and ordered
    red first, then by unit and name."""
    rolled = {
        f"figure_{name}": Coalesce(_units_sum(name), F(name)) for name in ("actual", "plan", *PARTS)
    }
    rank = Case(
        *(When(outlook=outlook, then=Value(i)) for i, outlook in enumerate(OUTLOOK_ORDER)),
        output_field=IntegerField(),
    )
    return (
        targets.select_related("document", "unit")
        .annotate(**rolled)
        .annotate(
            rolled_up=Exists(Target.objects.filter(parent=OuterRef("pk"))),
            latest_report_on=Coalesce(_units_sum("reported_on", Max), F("reported_on")),
            outlook_rank=rank,
        )
        .order_by("outlook_rank", "unit__path", "name", "id")
    )


def figures_of(target: Target) -> TargetFigures:
    """The figures of a row annotated by `with_figures`."""
    actual, plan = target.figure_actual, target.figure_plan  # type: ignore[attr-defined]
    return TargetFigures(
        target=target,
        actual=actual,
        plan=plan,
        parts=tuple(getattr(target, f"figure_{name}") for name in PARTS),  # type: ignore[arg-type]
        rolled_up=target.rolled_up,  # type: ignore[attr-defined]
        suggested_outlook=pace_outlook(
            actual=actual,
            plan=plan,
            start=target.period_start,
            end=target.period_end,
            on=target.latest_report_on,  # type: ignore[attr-defined]
        ),
    )


def target_figures(targets: QuerySet[Target]) -> list[TargetFigures]:
    """The figures of each of `targets`, red first: one query."""
    return [figures_of(target) for target in with_figures(targets)]


def target_reports(target: Target) -> QuerySet[TargetReport]:
    """A target's reports, newest first, with who made them."""
    return target.reports.select_related("reported_by").order_by("-on", "-id")


def target_evidence_for(user: User, pk: int) -> TargetReport:
    """One report with an evidence file, of a target the user may see;
    TargetReport.DoesNotExist otherwise."""
    return (
        TargetReport.objects.filter(target__in=targets_visible_to(user))
        .exclude(evidence_file="")
        .get(pk=pk)
    )


def target_for(user: User, pk: int) -> Target:
    """One target the user may see, with its figures; Target.DoesNotExist otherwise."""
    return with_figures(targets_visible_to(user)).get(pk=pk)
