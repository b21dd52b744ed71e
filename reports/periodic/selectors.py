"""What a periodic report says, read once for every format: the figures come from
reports.counting (the same functions as the dashboards and /api/v1/summary/)."""

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proposals.explanations import explanations_visible_to
from proposals.models import ExplanationRequest
from reports.counting import (
    Ranking,
    TaskCounts,
    extensions_approved,
    lead_unit_rankings_by,
    rate,
    task_counts_by,
    tasks_in_state,
)
from reports.models import IssuedReport, Target
from reports.periods import Period
from reports.selectors import DashboardFilters, filtered_tasks, targets_visible_to
from resolutions.codes import parse_document_code
from resolutions.models import Document, Unit
from resolutions.selectors import User
from tasks.models import Task
from tasks.selectors import tasks_visible_to

# A national report could list thousands; the document says how many more there are.
TASKS_LISTED = 200


class Layout(StrEnum):
    """Nghị định 30/2020 for state bodies, Hướng dẫn 36-HD/VPTW for Party bodies."""

    STATE = "state"
    PARTY = "party"


@dataclass(frozen=True)
class ReportRequest:
    """What a coordinator or leader asks for on the page or through the API."""

    documents: tuple[Document, ...]
    period: Period
    unit: Unit | None = None
    include_subunits: bool = True
    layout: Layout | None = None  # None: as the documents' issuers and the unit's kind say
    number: str = ""  # the report's own number, given when it is issued


@dataclass(frozen=True)
class DocumentSection:
    document: Document
    counts: TaskCounts
    previous: TaskCounts
    ranking: Ranking  # every lead unit, in the dashboards' order


@dataclass(frozen=True)
class ListedTask:
    task: Task
    deadline_on: date | None
    extensions: int
    days_overdue: int | None


@dataclass(frozen=True)
class TargetRow:
    target: Target
    achieved: Decimal | None  # done / plan in %, may pass 100


@dataclass(frozen=True)
class ListedExplanation:
    request: ExplanationRequest
    answered_on: date | None  # None: still waiting on the report's day
    days_late: int | None  # waiting past its deadline on the report's day


@dataclass(frozen=True)
class PeriodicReport:
    """The content of one report; the renderers only lay it out."""

    request: ReportRequest
    layout: Layout
    issuer: str  # the committee or body that sends it, as its heading prints it
    number: str  # "125-BC/TU"; blank before the report is issued
    place: str
    signed_on: date
    as_of: date  # the period's last day, or today for a period not over yet
    counts: TaskCounts
    previous: TaskCounts
    sections: list[DocumentSection]
    overdue: list[ListedTask]
    extended: list[ListedTask]  # extended more than once
    extended_count: int
    targets: list[TargetRow]
    explanations: list[ListedExplanation]  # asked by the period's end, waiting in it or answered

    @property
    def open_explanations(self) -> int:
        return sum(1 for item in self.explanations if item.answered_on is None)

    @property
    def previous_period(self) -> Period:
        return self.request.period.previous()

    @property
    def completion_change(self) -> Decimal | None:
        now, before = self.counts.completion_rate, self.previous.completion_rate
        return None if now is None or before is None else now - before


def default_layout(documents: tuple[Document, ...], unit: Unit | None) -> Layout:
    """A Party organ reports in the Party layout; otherwise the documents decide: Party
    codes (57-NQ/TW) are answered by Party committees, state codes (71/NQ-CP) by state
    bodies."""
    if unit is not None and unit.kind == Unit.Kind.PARTY_ORGAN:
        return Layout.PARTY
    state = all(parse_document_code(document.code).state_form for document in documents)
    return Layout.STATE if documents and state else Layout.PARTY


def _root(unit: Unit | None) -> Unit | None:
    """The top of `unit`'s tree: the province or city whose name heads the report."""
    if unit is None:
        return None
    code = unit.path.split("/", 1)[0]
    return unit if unit.code == code else Unit.objects.filter(code=code).first()


def _issuer(unit: Unit | None) -> str:
    """A unit reports in its own name; a report of the whole province (or of everything) is
    sent by the deployment's committee, settings.REPORT_ISSUER ("Thành ủy Đà Nẵng")."""
    if unit is None or unit.kind == Unit.Kind.PROVINCE:
        return settings.REPORT_ISSUER
    return unit.name


# The report's numbering: the Party's "125-BC/TU", the state's "125/BC-UBND".
NUMBER_FORMATS = {Layout.PARTY: "{number}-BC/TU", Layout.STATE: "{number}/BC-UBND"}


def _listed(tasks: QuerySet[Task], *, state: str | None, as_of: date) -> QuerySet[Task]:
    return (
        tasks_in_state(tasks, state=state, as_of=as_of)
        .annotate(extensions_then=extensions_approved(as_of))
        .select_related("document", "lead_unit")
        .order_by(F("deadline_on").asc(nulls_last=True), "id")
    )


def _listed_row(task: Task, as_of: date, *, overdue: bool) -> ListedTask:
    deadline: date | None = task.deadline_on  # type: ignore[attr-defined]
    return ListedTask(
        task=task,
        deadline_on=deadline,
        extensions=task.extensions_then,  # type: ignore[attr-defined]
        days_overdue=(as_of - deadline).days if overdue and deadline else None,
    )


def _targets(user: User, request: ReportRequest) -> list[TargetRow]:
    period = request.period
    targets = targets_visible_to(user).filter(
        document__in=request.documents, period_start__lte=period.end, period_end__gte=period.start
    )
    if request.unit is not None:
        unit = request.unit
        targets = (
            targets.filter(unit__path__startswith=unit.path)
            if request.include_subunits
            else targets.filter(unit=unit)
        )
    rows = targets.select_related("unit", "document").order_by(
        "document__code", "unit__path", "name"
    )
    return [TargetRow(target, rate(target.done, target.plan)) for target in rows]


def _explanations(user: User, request: ReportRequest, as_of: date) -> list[ListedExplanation]:
    """The explanation requests (yêu cầu giải trình) about the report's tasks and targets,
    of its units: those asked by `as_of` and not answered before the period began, waiting
    ones first (the longest late first), each as it stood on `as_of`."""
    about = Q(task__document__in=request.documents) | Q(target__document__in=request.documents)
    asked = explanations_visible_to(user).filter(
        about,
        Q(answered_on__isnull=True) | Q(answered_on__gte=request.period.start),
        requested_on__lte=as_of,
    )
    if request.unit is not None:
        unit = request.unit
        asked = (
            asked.filter(unit__path__startswith=unit.path)
            if request.include_subunits
            else asked.filter(unit=unit)
        )
    rows = []
    for item in asked.order_by("answer_by", "id"):
        answered = item.answered_on if item.answered_on and item.answered_on <= as_of else None
        late = (as_of - item.answer_by).days if answered is None else 0
        rows.append(ListedExplanation(item, answered, late if late > 0 else None))
    return sorted(rows, key=lambda row: row.answered_on is not None)


def periodic_report(*, user: User, request: ReportRequest) -> PeriodicReport:
    """The report `request` asks for, over the tasks `user` may see, as of the period's last
    day, with the previous period of the same length beside it. A fixed number of queries
    whatever the number of documents and units: every document's ranking of units (whose
    headlines add up to the report's), the counts of the previous period by document, the
    two lists (and the count of extended tasks when more are listed), the targets and the
    explanation requests."""
    today = timezone.localdate()
    # a period not over yet is reported as it stands today: tomorrow's deadlines are not late
    as_of = min(request.period.end, today)
    before = request.period.previous().end
    filters = DashboardFilters(
        as_of=as_of, parent=request.unit, with_subunits=request.include_subunits
    )
    tasks = filtered_tasks(tasks_visible_to(user).filter(document__in=request.documents), filters)
    rankings = lead_unit_rankings_by(tasks, key="document", as_of=as_of)
    before_by_document = task_counts_by(tasks, key="document", as_of=before)
    empty = Ranking(TaskCounts(), [], 0, 0)
    sections = [
        DocumentSection(
            document=document,
            counts=rankings.get(document.pk, empty).counts,
            previous=before_by_document.get(document.pk, TaskCounts()),
            ranking=rankings.get(document.pk, empty),
        )
        for document in request.documents
    ]
    # "xin gia hạn nhiều lần": more than one extension approved by the period's end; the
    # stored count never goes down, so only tasks extended twice by now are looked at
    extended = _listed(tasks.filter(extension_count__gt=1), state=None, as_of=as_of).filter(
        GreaterThan(extensions_approved(as_of), 1)
    )
    extended_rows = [_listed_row(task, as_of, overdue=False) for task in extended[:TASKS_LISTED]]
    layout = request.layout or default_layout(request.documents, request.unit)
    root = _root(request.unit)
    return PeriodicReport(
        request=request,
        layout=layout,
        issuer=_issuer(request.unit),
        number=NUMBER_FORMATS[layout].format(number=request.number or "\u2003\u2003"),
        place=(root.short_name or root.name) if root else settings.REPORT_PLACE,
        signed_on=today,
        as_of=as_of,
        # each task belongs to one document: the documents' counts add up to the report's
        counts=sum((ranking.counts for ranking in rankings.values()), TaskCounts()),
        previous=sum(before_by_document.values(), TaskCounts()),
        sections=sections,
        overdue=[
            _listed_row(task, as_of, overdue=True)
            for task in _listed(tasks, state="overdue", as_of=as_of)[:TASKS_LISTED]
        ],
        extended=extended_rows,
        extended_count=(
            len(extended_rows) if len(extended_rows) < TASKS_LISTED else extended.count()
        ),
        targets=_targets(user, request),
        explanations=_explanations(user, request, as_of),
    )


@dataclass(frozen=True)
class Correction:
    """A figure of an issued report that today's reconstruction of its period differs on."""

    scope: str  # "total" or a document's code
    figure: str  # a field of TaskCounts
    issued: int
    today: int

    @property
    def label(self) -> str:
        return str(FIGURE_LABELS.get(self.figure, self.figure))

    @property
    def scope_label(self) -> str:
        return str(_("Total")) if self.scope == "total" else self.scope


FIGURE_LABELS = {
    "total": _("Assigned"),
    "completed": _("Completed"),
    "completed_on_time": _("Completed on time"),
    "completed_on_time_extended": _("of which within an extension"),
    "completed_late": _("Completed late"),
    "completed_after_original": _("Against original deadlines"),
    "not_started": _("Not started"),
    "overdue": _("Overdue"),
    "overdue_against_original": _("Against original deadlines"),
    "extensions": _("Extensions granted"),
}


def issued_request(issued: IssuedReport) -> ReportRequest:
    """The request an issued report answered, to rebuild it today."""
    return ReportRequest(
        documents=tuple(issued.documents.order_by("-issued_on", "code")),
        period=Period(start=issued.period_start, end=issued.period_end),
        unit=issued.unit,
        include_subunits=issued.include_subunits,
        layout=Layout(issued.layout),
    )


def report_figures(report: PeriodicReport) -> dict:
    """What an issued report keeps of its figures, to compare with a reconstruction."""
    return {
        "total": asdict(report.counts),
        "documents": {section.document.code: asdict(section.counts) for section in report.sections},
    }


def corrections_since(issued: IssuedReport, *, user: User) -> list[Correction]:
    """Where today's reconstruction of the issued report's period (over what `user` may
    see) differs from the figures it was issued with: corrections made since."""
    figures = report_figures(periodic_report(user=user, request=issued_request(issued)))
    before = issued.figures
    scopes = [("total", before["total"], figures["total"])] + [
        (code, counts, figures["documents"].get(code, {}))
        for code, counts in before["documents"].items()
    ]
    return [
        Correction(scope, name, value, now.get(name, 0))
        for scope, counts, now in scopes
        for name, value in counts.items()
        if now.get(name, 0) != value
    ]
