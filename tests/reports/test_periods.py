from datetime import date

import pytest
from django.core.exceptions import ValidationError

from reports.periods import Period, date_range, reporting_period


def test_calendar_quarter():
    assert reporting_period("quarter", year=2025, number=2, cutoff_day=1) == Period(
        date(2025, 4, 1), date(2025, 6, 30)
    )


def test_calendar_february_of_a_leap_year():
    assert reporting_period("month", year=2024, number=2, cutoff_day=1).end == date(2024, 2, 29)


def test_official_month_runs_from_the_15th_to_the_14th():
    assert reporting_period("month", year=2025, number=6, cutoff_day=15) == Period(
        date(2025, 5, 15), date(2025, 6, 14)
    )


def test_official_year_runs_from_15_december_to_14_december():
    assert reporting_period("year", year=2025, cutoff_day=15) == Period(
        date(2024, 12, 15), date(2025, 12, 14)
    )


@pytest.mark.parametrize(
    ("kind", "number", "start", "end"),
    [
        ("6m", 1, date(2024, 12, 15), date(2025, 6, 14)),
        ("9m", 1, date(2024, 12, 15), date(2025, 9, 14)),
        ("quarter", 1, date(2024, 12, 15), date(2025, 3, 14)),
    ],
)
def test_official_periods_of_a_year(kind, number, start, end):
    assert reporting_period(kind, year=2025, number=number, cutoff_day=15) == Period(start, end)


def test_cutoff_day_comes_from_settings(settings):
    settings.REPORT_CUTOFF_DAY = 15
    assert reporting_period("month", year=2025, number=1).start == date(2024, 12, 15)


def test_previous_period_ends_the_day_before():
    quarter = reporting_period("quarter", year=2025, number=2, cutoff_day=1)
    assert quarter.previous().end == date(2025, 3, 31)


@pytest.mark.parametrize(("kind", "number"), [("week", 1), ("quarter", 5), ("month", 0)])
def test_unknown_periods_are_refused(kind, number):
    with pytest.raises(ValidationError):
        reporting_period(kind, year=2025, number=number, cutoff_day=1)


def test_range_end_before_start_is_refused():
    with pytest.raises(ValidationError):
        date_range(date(2025, 6, 1), date(2025, 5, 1))
