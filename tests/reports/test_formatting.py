from datetime import date
from decimal import Decimal

from django.utils import translation

from reports.counting import TaskCounts
from reports.formatting import format_date, format_number, format_percent, report_sentence


def test_percent_has_a_decimal_comma_and_one_decimal():
    assert format_percent(Decimal("42.7")) == "42,7%"
    assert format_percent(Decimal("100")) == "100,0%"


def test_missing_rate_is_a_dash():
    assert format_percent(None) == "—"


def test_thousands_use_a_dot():
    assert format_number(1154) == "1.154"
    assert format_number(3321) == "3.321"
    assert format_percent(Decimal("1280.5")) == "1.280,5%"


def test_dates_are_day_month_year():
    assert format_date(date(2025, 6, 30)) == "30/06/2025"


def test_report_sentence_is_the_standard_one():
    counts = TaskCounts(total=75, completed=32, overdue=2)
    with translation.override("vi"):
        assert report_sentence(counts) == (
            "Được giao 75 nhiệm vụ; đến nay đã hoàn thành 32 nhiệm vụ (tỷ lệ 42,7%), "
            "đang triển khai 43 nhiệm vụ, trong đó có 2 nhiệm vụ quá hạn (tỷ lệ 2,7%)."
        )


def test_report_sentence_groups_thousands():
    counts = TaskCounts(total=1154, completed=577, overdue=0)
    with translation.override("vi"):
        assert report_sentence(counts).startswith("Được giao 1.154 nhiệm vụ;")
