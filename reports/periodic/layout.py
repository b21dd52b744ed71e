"""The words and tables of a periodic report, shared by the three renderers: each format
lays out the same headings, rows and cells, so Word, PDF and Excel say the same thing."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from reports.counting import TaskCounts
from reports.formatting import (
    format_date,
    format_number,
    format_points,
    place_and_date,
    report_sentence,
)
from reports.periodic.selectors import DocumentSection, Layout, ListedTask, PeriodicReport
from reports.tables import Cell, Table


@dataclass(frozen=True)
class Heading:
    left: list[str]  # the issuer and the number
    right: list[str]  # quốc hiệu and tiêu ngữ, or the Party's name
    place_date: str
    title: str
    subtitle: str


def heading(report: PeriodicReport) -> Heading:
    number = _("No. %(number)s") % {"number": report.number}
    if report.layout == Layout.PARTY:
        right = [_("VIETNAMESE COMMUNIST PARTY")]
    else:
        right = [_("SOCIALIST REPUBLIC OF VIETNAM"), _("Independence - Freedom - Happiness")]
    period = report.request.period
    documents = ", ".join(section.document.code for section in report.sections)
    return Heading(
        left=[report.issuer.upper(), number],
        right=right,
        place_date=place_and_date(report.place, report.signed_on),
        title=_("REPORT"),
        subtitle=_("Results of implementing %(documents)s from %(start)s to %(end)s")
        % {
            "documents": documents,
            "start": format_date(period.start),
            "end": format_date(period.end),
        },
    )


def sentence(report: PeriodicReport) -> str:
    return report_sentence(report.counts, as_of=report.as_of)


def change(report: PeriodicReport) -> str:
    """The change since the previous period of the same length."""
    previous = report.previous_period
    return _(
        "Since the previous period (as of %(day)s): %(completed)s more tasks completed, "
        "completion rate %(points)s, overdue tasks %(overdue_before)s → %(overdue)s."
    ) % {
        "day": format_date(previous.end),
        "completed": format_number(report.counts.completed - report.previous.completed),
        "points": format_points(report.completion_change),
        "overdue_before": format_number(report.previous.overdue),
        "overdue": format_number(report.counts.overdue),
    }


def _figures(counts: TaskCounts) -> list[Cell]:
    return [
        counts.total,
        counts.completed_on_time,
        counts.completed_late,
        counts.in_progress,
        counts.overdue,
        counts.completion_rate,
        counts.on_time_rate,
    ]


def unit_header() -> list[str]:
    return [
        _("Unit"),
        _("Assigned"),
        _("Completed on time"),
        _("Completed late"),
        _("In progress"),
        _("Overdue"),
        _("Completion rate (of all assigned)"),
        _("On-time rate (of completed + overdue)"),
    ]


def units_table(section: DocumentSection) -> Table:
    rows: list[list[Cell]] = [
        [str(figures.unit), *_figures(figures.counts)] for figures in section.ranking.units
    ]
    rows.append([_("Total"), *_figures(section.counts)])
    return Table(
        title=_("%(code)s: %(title)s")
        % {"code": section.document.code, "title": section.document.title},
        header=unit_header(),
        rows=rows,
        percent_columns=(6, 7),
    )


def _task_table(
    title: str, tasks: list[ListedTask], last: tuple[str, Callable[[ListedTask], Cell]]
) -> Table:
    label, value = last
    return Table(
        title=title,
        header=[
            _("No."),
            _("Task"),
            _("Document"),
            _("Lead unit"),
            _("Deadline"),
            _("Extensions"),
            label,
        ],
        rows=[
            [
                index,
                item.task.title,
                item.task.document.code,
                str(item.task.lead_unit),
                item.deadline_on,
                item.extensions,
                value(item),
            ]
            for index, item in enumerate(tasks, start=1)
        ],
    )


def overdue_table(report: PeriodicReport) -> Table:
    return _task_table(
        _("Overdue tasks (%(count)s)") % {"count": format_number(report.counts.overdue)},
        report.overdue,
        (_("Days overdue"), lambda item: item.days_overdue),
    )


def extended_table(report: PeriodicReport) -> Table:
    return _task_table(
        _("Tasks extended more than once (%(count)s)")
        % {"count": format_number(report.extended_count)},
        report.extended,
        (_("Original deadline"), lambda item: item.task.original_deadline),
    )


def targets_table(report: PeriodicReport) -> Table:
    return Table(
        title=_("Targets: actual against plan"),
        header=[_("Target"), _("Unit"), _("Measured in"), _("Plan"), _("Done"), _("Of plan")],
        rows=[
            [
                row.target.name,
                str(row.target.unit),
                row.target.measure,
                row.target.plan,
                row.target.done,
                row.achieved,
            ]
            for row in report.targets
        ],
        percent_columns=(5,),
    )


def explanations_table(report: PeriodicReport) -> Table:
    """The explanation requests, waiting ones first, with how late they are."""
    return Table(
        title=_("Explanation requests (%(count)s waiting)")
        % {"count": format_number(report.open_explanations)},
        header=[
            _("No."),
            _("Unit"),
            _("About"),
            _("Asked on"),
            _("Answer by"),
            _("Answered on"),
            _("Days late"),
        ],
        rows=[
            [
                index,
                str(item.request.unit),
                item.request.task.title if item.request.task else item.request.target.name,  # type: ignore[union-attr]
                item.request.requested_on,
                item.request.answer_by,
                item.answered_on,
                item.days_late,
            ]
            for index, item in enumerate(report.explanations, start=1)
        ],
    )


def tables(report: PeriodicReport) -> list[Table]:
    """Every table of the report, in its order."""
    return [
        *(units_table(section) for section in report.sections),
        overdue_table(report),
        extended_table(report),
        targets_table(report),
        explanations_table(report),
    ]
