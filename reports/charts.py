"""The numbers the dashboard charts draw, as JSON-ready data (the page's json_script)."""

from django.utils.translation import gettext as _

from reports.formatting import format_date, format_number, format_percent
from reports.selectors import Dashboard


def dashboard_charts(dashboard: Dashboard) -> dict:
    """The breakdown of the tasks into exclusive parts and the completion rate over time.
    The same numbers are in the tables beside the charts, and each chart has a one-line
    summary in words (`summary`, issue 21), for screen readers."""
    counts = dashboard.counts
    return {
        "breakdown_summary": breakdown_summary(dashboard),
        "trend_summary": trend_summary(dashboard),
        "breakdown": {
            "labels": [
                _("Completed on time"),
                _("Completed late"),
                _("In progress, not overdue"),
                _("Overdue"),
            ],
            "values": [
                counts.completed_on_time,
                counts.completed_late,
                counts.in_progress - counts.overdue,
                counts.overdue,
            ],
        },
        "trend": {
            "label": _("Completion rate (%)"),
            "labels": [format_date(point.day) for point in dashboard.trend],
            "values": [
                None if point.completion_rate is None else float(point.completion_rate)
                for point in dashboard.trend
            ],
        },
    }


def breakdown_summary(dashboard: Dashboard) -> str:
    """The breakdown chart in one sentence."""
    counts = dashboard.counts
    return _(
        "Of %(total)s tasks: %(on_time)s completed on time, %(late)s completed late, "
        "%(open)s in progress within the deadline, %(overdue)s overdue."
    ) % {
        "total": format_number(counts.total),
        "on_time": format_number(counts.completed_on_time),
        "late": format_number(counts.completed_late),
        "open": format_number(counts.in_progress - counts.overdue),
        "overdue": format_number(counts.overdue),
    }


def trend_summary(dashboard: Dashboard) -> str:
    """The trend chart in one sentence: where the completion rate started and ended."""
    points = [point for point in dashboard.trend if point.completion_rate is not None]
    if not points:
        return _("No completion rate to show yet.")
    first, last = points[0], points[-1]
    return _("The completion rate went from %(first)s on %(start)s to %(last)s on %(end)s.") % {
        "first": format_percent(first.completion_rate),
        "start": format_date(first.day),
        "last": format_percent(last.completion_rate),
        "end": format_date(last.day),
    }
