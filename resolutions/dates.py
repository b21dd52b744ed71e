"""Rules on the dates people type, shared by every service that stores one: a business
date lies between 01/01/2000 and 31/12/2100, and some may not lie after today."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


def check_in_range(**dates: date | None) -> None:
    """ValidationError, per field, for each date outside 01/01/2000–31/12/2100."""
    errors = {
        name: _("%(field)s must lie between 01/01/2000 and 31/12/2100.") % {"field": label_of(name)}
        for name, value in dates.items()
        if value is not None and not EARLIEST <= value <= LATEST
    }
    if errors:
        raise ValidationError(errors)


def check_not_future(**dates: date | None) -> None:
    """ValidationError, per field, for each date after today (and each out of range)."""
    check_in_range(**dates)
    today = timezone.localdate()
    errors = {
        name: _("%(field)s cannot be after today.") % {"field": label_of(name)}
        for name, value in dates.items()
        if value is not None and value > today
    }
    if errors:
        raise ValidationError(errors)


def label_of(name: str) -> str:
    """The words a message uses for a date field."""
    labels = {
        "on": _("The date"),
        "assigned_on": _("The assigned date"),
        "deadline": _("The deadline"),
        "requested_deadline": _("The requested deadline"),
        "completed_on": _("The completion date"),
        "cancelled_on": _("The day the task stops"),
        "decided_on": _("The decision date"),
        "issued_on": _("The issue date"),
        "horizon": _("The horizon"),
    }
    return str(labels.get(name, name))


def figures_day(requested: date | None) -> tuple[date, str]:
    """The day figures are shown for when `requested` is asked: today for none or for a
    day after today (no figures exist yet), 01/01/2000 for a day before it; with the
    notice that says so ("" when the day asked stands). Never an error."""
    today = timezone.localdate()
    if requested is None:
        return today, ""
    if requested > today:
        return today, _("There are no figures yet for %(day)s: these are today's.") % {
            "day": requested.strftime("%d/%m/%Y")
        }
    if requested < EARLIEST:
        return EARLIEST, _("Figures start on 01/01/2000.")
    return requested, ""
