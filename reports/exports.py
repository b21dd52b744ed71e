"""The tables of the dashboards and task lists as `reports.tables.Table`s, for their .xlsx
downloads: the same rows and figures as the page, read by the same selectors."""

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _

from reports.selectors import Dashboard, DocumentFigures
from reports.tables import Table
from tasks.models import Task

EXPORT_MAX_TASKS = 50_000  # a list longer than this is cut: narrow the filters


def units_table(dashboard: Dashboard) -> Table:
    """The ranking as the dashboard's table shows it."""
    return Table(
        title=_("Units ranked by completion rate"),
        header=[
            _("Rank"),
            _("Unit code"),
            _("Lead unit"),
            _("Assigned"),
            _("On time"),
            _("Late"),
            _("In progress"),
            _("Overdue"),
            _("Completion rate (of all assigned)"),
            _("On-time rate (of completed + overdue)"),
            _("Extensions"),
        ],
        rows=[
            [
                row.rank,
                row.unit.code,
                str(row.unit),
                row.counts.total,
                row.counts.completed_on_time,
                row.counts.completed_late,
                row.counts.in_progress,
                row.counts.overdue,
                row.counts.completion_rate,
                row.counts.on_time_rate,
                row.counts.extensions,
            ]
            for row in dashboard.units_shown
        ],
        percent_columns=(8, 9),
    )


def overdue_table(dashboard: Dashboard) -> Table:
    return Table(
        title=_("Overdue tasks"),
        header=[
            _("Task"),
            _("Lead unit"),
            _("Deadline in force"),
            _("Days overdue"),
            _("Extensions"),
        ],
        rows=[
            [
                row.task.title,
                str(row.task.lead_unit),
                row.task.deadline_on,  # type: ignore[attr-defined]
                row.days_overdue,
                row.task.extension_count,
            ]
            for row in dashboard.overdue
        ],
    )


def documents_table(rows: Iterable[DocumentFigures]) -> Table:
    """The documents with their figures, as the overview and a unit's dashboard list them."""
    return Table(
        title=_("Documents"),
        header=[
            _("Document"),
            _("Title"),
            _("Assigned"),
            _("Completed"),
            _("In progress"),
            _("Overdue"),
            _("Completion rate (of all assigned)"),
            _("Overdue rate (of all assigned)"),
            _("Change (percentage points)"),
        ],
        rows=[
            [
                row.document.code,
                row.document.title,
                row.counts.total,
                row.counts.completed,
                row.counts.in_progress,
                row.counts.overdue,
                row.counts.completion_rate,
                row.counts.overdue_rate,
                row.completion_change,
            ]
            for row in rows
        ],
        percent_columns=(6, 7, 8),
    )


def dashboard_tables(dashboard: Dashboard) -> list[Table]:
    tables = [units_table(dashboard), overdue_table(dashboard)]
    if dashboard.unit is not None:
        tables.insert(0, documents_table(dashboard.documents))
    return tables


def tasks_table(tasks: Iterable[Task], *, as_of: date) -> Table:
    """A task list with what its page shows of each task, dates as dates."""
    return Table(
        title=_("Tasks"),
        header=[
            _("Document"),
            _("Task"),
            _("Lead unit"),
            _("Assigned on"),
            _("Deadline in force"),
            _("Original deadline"),
            _("Status"),
            _("Percent"),
            _("Completed on"),
            _("Extensions"),
        ],
        rows=[
            [
                task.document.code,
                task.title,
                str(task.lead_unit),
                task.assigned_on,
                getattr(task, "deadline_on", task.deadline),
                task.original_deadline,
                task.get_status_display(),
                task.percent,
                task.completed_on if task.completed_on and task.completed_on <= as_of else None,
                task.extension_count,
            ]
            for task in tasks
        ],
    )
