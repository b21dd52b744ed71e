"""Reporting periods (DOMAIN.md "Counting"): month, quarter, 6 months, 9 months, year, or a
range. Official cut-offs often run from the 15th of one month to the 14th of the next
(annual: 15/12 to 14/12); `cutoff_day` says on which day a period starts (1 = calendar)."""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "6m"
    NINE_MONTHS = "9m"
    YEAR = "year"


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive: the "as of" day of the period's figures

    def previous(self) -> "Period":
        """The period of the same length that ends the day before this one starts."""
        return Period(
            start=self.start - (self.end - self.start) - timedelta(days=1),
            end=self.start - timedelta(days=1),
        )


# (first month, last month) of each period of a year, counted in calendar months.
_MONTHS = {
    PeriodKind.MONTH: lambda n: (n, n),
    PeriodKind.QUARTER: lambda n: (3 * n - 2, 3 * n),
    PeriodKind.HALF_YEAR: lambda n: (6 * n - 5, 6 * n),
    PeriodKind.NINE_MONTHS: lambda n: (1, 9),
    PeriodKind.YEAR: lambda n: (1, 12),
}
_COUNT = {
    PeriodKind.MONTH: 12,
    PeriodKind.QUARTER: 4,
    PeriodKind.HALF_YEAR: 2,
    PeriodKind.NINE_MONTHS: 1,
    PeriodKind.YEAR: 1,
}


def _month_start(year: int, month: int, cutoff_day: int) -> date:
    """First day of calendar month `month`, or the cut-off day of the month before it."""
    if cutoff_day == 1:
        return date(year, month, 1)
    year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return date(year, month, cutoff_day)


def _month_end(year: int, month: int, cutoff_day: int) -> date:
    if cutoff_day == 1:
        following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        return following - timedelta(days=1)
    return date(year, month, cutoff_day - 1)


def reporting_period(
    kind: str, *, year: int, number: int = 1, cutoff_day: int | None = None
) -> Period:
    """The `number`-th period of `kind` in `year` (quarter 2, month 6…), with the cut-off day
    of settings.REPORT_CUTOFF_DAY unless given."""
    cutoff_day = cutoff_day or settings.REPORT_CUTOFF_DAY
    try:
        kind = PeriodKind(kind)
    except ValueError:
        raise ValidationError(_("Unknown reporting period.")) from None
    if not 1 <= number <= _COUNT[kind]:
        raise ValidationError(_("There is no such period in a year."))
    if not 1 <= cutoff_day <= 28:
        raise ValidationError(_("The cut-off day must be between 1 and 28."))
    first, last = _MONTHS[kind](number)
    return Period(
        start=_month_start(year, first, cutoff_day), end=_month_end(year, last, cutoff_day)
    )


def date_range(start: date, end: date) -> Period:
    """A custom range; the end is the day the figures are counted on."""
    if end < start:
        raise ValidationError(_("The end of the range is before its start."))
    return Period(start=start, end=end)
