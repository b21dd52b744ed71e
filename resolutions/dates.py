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
