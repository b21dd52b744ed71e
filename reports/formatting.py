"""Vietnamese presentation of figures: 42,7% · 1.154 · 30/06/2025 and the report sentence."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from reports.counting import TaskCounts

NO_RATE = "—"


def format_number(value: int) -> str:
    """1154 → "1.154"."""
    return f"{value:,}".replace(",", ".")


def format_amount(value: Decimal | int | None) -> str:
    """An amount of a target: Decimal("1154.00") → "1.154"; Decimal("12.50") → "12,5"."""
    if value is None:
        return NO_RATE
    whole, _dot, fraction = f"{Decimal(value):f}".partition(".")
    fraction = fraction.rstrip("0")
    return format_number(int(whole)) + (f",{fraction}" if fraction else "")


def format_percent(value: Decimal | None) -> str:
    """Decimal("42.7") → "42,7%"; None → "—"; one decimal always."""
    if value is None:
        return NO_RATE
    whole, _dot, tenths = f"{value:.1f}".partition(".")
    return f"{format_number(int(whole))},{tenths}%"


def format_points(value: Decimal | None) -> str:
    """A change of a rate in percentage points: Decimal("1.5") → "+1,5 pp"; None → "—"."""
    if value is None:
        return NO_RATE
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return _("%(value)s pp") % {"value": sign + format_percent(abs(value)).removesuffix("%")}


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def report_sentence(counts: TaskCounts, *, as_of: date | None = None) -> str:
    """The standard opening sentence of a periodic report (DOMAIN.md "The report sentence");
    for a past `as_of` "so far" becomes "as of dd/mm/yyyy", as a report on a past day says."""
    if as_of is not None and as_of < timezone.localdate():
        template = _(
            "Assigned %(total)s tasks; as of %(day)s %(completed)s tasks completed "
            "(rate %(completion_rate)s), %(in_progress)s tasks in progress, of which "
            "%(overdue)s tasks overdue (rate %(overdue_rate)s)."
        )
    else:
        template = _(
            "Assigned %(total)s tasks; so far %(completed)s tasks completed "
            "(rate %(completion_rate)s), %(in_progress)s tasks in progress, of which "
            "%(overdue)s tasks overdue (rate %(overdue_rate)s)."
        )
    return template % {
        "day": format_date(as_of),
        "total": format_number(counts.total),
        "completed": format_number(counts.completed),
        "completion_rate": format_percent(counts.completion_rate),
        "in_progress": format_number(counts.in_progress),
        "overdue": format_number(counts.overdue),
        "overdue_rate": format_percent(counts.overdue_rate),
    }


def place_and_date(place: str, day: date) -> str:
    """The place and date line of Nghị định 30/2020: "Đà Nẵng, ngày 05 tháng 01 năm 2026";
    a day below 10 and the months 1 and 2 take a leading zero, the other months none."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": place,
        "day": f"{day.day:02d}",
        "month": month,
        "year": day.year,
    }
