from datetime import date
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from reports.counting import RowState
from tasks.models import Blocker, ChangeRequest, Task, TaskChange

register = template.Library()

SOON = 7  # days: a deadline this close is shown as a warning


@register.simple_tag
def deadline_note(task: Task, as_of: date) -> str:
    """Days left or days overdue against the deadline in force, for one row whose state
    on `as_of` the selector annotated (`state_on`, from reports.counting)."""
    state = task.state_on  # type: ignore[attr-defined]
    if state in (RowState.COMPLETED, RowState.CANCELLED):
        return format_html('<span class="text-muted">{}</span>', task.get_status_display())
    if task.deadline is None:
        return format_html('<span class="text-muted">{}</span>', _("Ongoing"))
    days = (task.deadline - as_of).days
    if state == RowState.OVERDUE:
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
    """What a history entry changed, in words (TaskChange.Field's label)."""
    return str(TaskChange.Field(field).label) if field in TaskChange.Field.values else field


@register.filter
def change_value(value: str, field: str) -> str:
    """A stored before/after value as a reader expects it (status names, dd/mm/yyyy), by
    the field's value kind."""
    if not value:
        return "—"
    kind = TaskChange.VALUE_KINDS.get(field, "text")  # type: ignore[call-overload]
    choices = {"status": Task.Status, "blocker": Blocker.State, "request": ChangeRequest.Kind}
    if kind in choices and value in choices[kind].values:
        return str(choices[kind](value).label)
    if kind == "percent":
        return f"{value}%"
    if kind == "date":
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return value


# History lines that read as sentences (issue 16) rather than "field: — → value".
_SENTENCES: dict[tuple[str, str | None], Any] = {
    (TaskChange.Field.BLOCKER, Blocker.State.OPEN): gettext_lazy("Blocker raised"),
    (TaskChange.Field.BLOCKER, Blocker.State.RESOLVED): gettext_lazy("Blocker resolved"),
    (TaskChange.Field.COMPLETION_CONFIRMED, None): gettext_lazy(
        "Completion (on %(after)s) confirmed"
    ),
    (TaskChange.Field.CANCELLED_ON, None): gettext_lazy("Stopped from %(after)s"),
    (TaskChange.Field.REQUEST, None): gettext_lazy("Requested: %(after)s"),
}


@register.filter
def change_line(change: TaskChange) -> str:
    """One history entry in words: a sentence for blockers, confirmations, stops and
    requests; "what: before → after" for a changed value; "what: value" for a first one."""
    field = change.field
    after = change_value(change.after, field)
    sentence = _SENTENCES.get((field, change.after)) or _SENTENCES.get((field, None))
    if sentence:
        return sentence % {"after": after}
    kind = change.value_kind
    label = change_label(field)
    if kind == "none":
        return label
    if kind == "name" or not change.before:
        return f"{label}: {after}"
    return f"{label}: {change_value(change.before, field)} → {after}"
