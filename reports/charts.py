"""The numbers the dashboard charts draw, as JSON-ready data (the page's json_script)."""

from django.utils.translation import gettext as _

from reports.formatting import format_date
from reports.selectors import Dashboard


def dashboard_charts(dashboard: Dashboard) -> dict:
    """The breakdown of the tasks into exclusive parts and the completion rate over time.
    The same numbers are in the tables beside the charts, for screen readers."""
    counts = dashboard.counts
    return {
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
