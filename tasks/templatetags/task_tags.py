from datetime import date

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tasks.models import Blocker, Task

register = template.Library()

SOON = 7  # days: a deadline this close is shown as a warning


@register.simple_tag
def deadline_note(task: Task, as_of: date) -> str:
    """Days left or days overdue against the deadline in force, for one row."""
    if task.status in (Task.Status.COMPLETED, Task.Status.CANCELLED):
        return format_html('<span class="text-muted">{}</span>', task.get_status_display())
    if task.deadline is None:
        return format_html('<span class="text-muted">{}</span>', _("Ongoing"))
    days = (task.deadline - as_of).days
    if days < 0:
        text = ngettext("%(n)d day overdue", "%(n)d days overdue", -days) % {"n": -days}
        return format_html('<span class="badge text-bg-danger" data-due="overdue">{}</span>', text)
    if days == 0:
        return format_html('<span class="badge text-bg-warning">{}</span>', _("Due today"))
    text = ngettext("%(n)d day left", "%(n)d days left", days) % {"n": days}
    css = "badge text-bg-warning" if days <= SOON else "text-body-secondary"
    return format_html('<span class="{}">{}</span>', css, text)


@register.inclusion_tag("tasks/_percent_bar.html")
def percent_bar(percent: int) -> dict:
    return {"percent": percent}


@register.filter
def change_label(field: str) -> str:
    """What a history entry changed, in words."""
    labels = {
        "created": _("Assigned"),
        "status": _("Status"),
        "percent": _("Percent"),
        "completed_on": _("Completed on"),
        "deadline": _("Deadline in force"),
        "note": _("Note"),
        "evidence": _("Evidence file"),
        "title": _("Title"),
        "description": _("Description"),
        "supporting_units": _("Supporting units"),
        "completion_confirmed": _("Completion confirmed"),
        "blocker": _("Blocker"),
        "expected_output": _("Expected output"),  # issue 15
        "output": _("Output delivered"),  # issue 15
    }
    return labels.get(field, field)


@register.filter
def change_value(value: str, field: str) -> str:
    """A stored before/after value as a reader expects it (status names, dd/mm/yyyy)."""
    if not value:
        return "—"
    if field == "status" and value in Task.Status.values:
        return str(Task.Status(value).label)
    if field == "blocker" and value in Blocker.State.values:
        return str(Blocker.State(value).label)
    if field == "percent":
        return f"{value}%"
    if field in ("deadline", "completed_on", "completion_confirmed"):
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return value
