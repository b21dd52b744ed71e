"""Limits every door shares: pages, the API and the services read them from here, so the
web and the API never accept different things.

Business dates lie between 01/01/2000 and 31/12/2100: nothing the tracker follows happened
before, and a date far outside (0001-01-01, 9999-12-31) is a typing slip that would only
overflow date arithmetic (the day after 31/12/9999 does not exist)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DATE_MIN = date(2000, 1, 1)
DATE_MAX = date(2100, 12, 31)
# A note, reason or decision given with a change (kept in the task's history).
NOTE_MAX_LENGTH = 5000
# A task's description.
DESCRIPTION_MAX_LENGTH = 20000


def validate_business_date(value: date) -> None:
    """Form and serializer validator: `value` within DATE_MIN…DATE_MAX."""
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValidationError(
            _("Enter a date between 01/01/2000 and 31/12/2100."), code="date_range"
        )
