from datetime import date
from decimal import Decimal

import pytest

from reports.models import Target
from targets.selectors import pace_outlook, target_figures
from tests.factories import TargetFactory, UnitFactory

pytestmark = pytest.mark.django_db
Outlook = Target.Outlook


def only(**fields):
    TargetFactory(**fields)
    return target_figures(Target.objects.all())[0]


def test_achievement_may_pass_one_hundred_percent():
    assert only(plan=350, actual=448).achievement == Decimal("128.0")


def test_achievement_is_rounded_half_up_to_one_decimal():
    # 1.154 / 1.601 = 72,0799…% ; 1 / 8 = 12,5%; 1 / 16 = 6,25% → 6,3%
    assert only(plan=1601, actual=1154).achievement == Decimal("72.1")
    Target.objects.all().delete()
    assert only(plan=16, actual=1).achievement == Decimal("6.3")


def test_metres_of_shelf_parts_add_up_to_one_hundred_at_integer_display():
    figures = only(plan=1601, actual=1154, done=1154, in_progress=381, not_done=66)
    assert figures.whole_shares == [72, 24, 4]


def test_metres_of_shelf_parts_add_up_to_one_hundred_at_one_decimal():
    figures = only(plan=1601, actual=1154, done=1154, in_progress=381, not_done=66)
    assert figures.shares == [Decimal("72.1"), Decimal("23.8"), Decimal("4.1")]
    assert sum(figures.shares) == 100


def test_pages_parts_add_up_to_one_hundred():
    figures = only(plan=2827927, done=1326132, in_progress=537306, not_done=964489)
    assert figures.whole_shares == [47, 19, 34]


def test_a_target_without_parts_has_no_breakdown():
    figures = only(plan=350, actual=448)
    assert (figures.has_parts, figures.shares_or_none) == (False, None)


def test_a_province_target_is_the_sum_of_its_units_targets():
    province = TargetFactory(plan=1, actual=0)
    TargetFactory(parent=province, plan=200, actual=250, done=250)
    TargetFactory(parent=province, plan=150, actual=198, done=198)
    figures = {f.target.pk: f for f in target_figures(Target.objects.all())}[province.pk]
    assert (figures.actual, figures.plan, figures.achievement, figures.rolled_up) == (
        448,
        350,
        Decimal("128.0"),
        True,
    )


def test_a_unit_target_is_not_a_roll_up():
    province = TargetFactory()
    part = TargetFactory(parent=province, plan=200, actual=50)
    figures = {f.target.pk: f for f in target_figures(Target.objects.all())}[part.pk]
    assert (figures.actual, figures.plan, figures.rolled_up) == (50, 200, False)


def test_red_targets_come_first():
    unit = UnitFactory()
    for outlook in (Outlook.GREY, Outlook.GREEN, Outlook.RED, Outlook.ORANGE):
        TargetFactory(unit=unit, outlook=outlook, name=f"Chỉ tiêu {outlook}")
    outlooks = [f.target.outlook for f in target_figures(Target.objects.all())]
    assert outlooks == [Outlook.RED, Outlook.ORANGE, Outlook.GREEN, Outlook.GREY]


@pytest.mark.parametrize("rows", [1, 12])
def test_figures_of_many_targets_take_one_query(rows, django_assert_num_queries):
    province = TargetFactory()
    for _ in range(rows):
        TargetFactory(parent=province)
    with django_assert_num_queries(1):
        assert len(target_figures(Target.objects.all())) == rows + 1


YEAR = {"start": date(2025, 1, 1), "end": date(2025, 12, 31)}
HALF_YEAR = date(2025, 7, 2)  # day 183 of 365


def test_the_pace_says_green_at_or_ahead_of_the_straight_line():
    assert pace_outlook(actual=Decimal(176), plan=Decimal(350), on=HALF_YEAR, **YEAR) == "green"


def test_the_pace_says_orange_a_little_behind():
    assert pace_outlook(actual=Decimal(150), plan=Decimal(350), on=HALF_YEAR, **YEAR) == "orange"


def test_the_pace_says_red_well_behind():
    assert pace_outlook(actual=Decimal(100), plan=Decimal(350), on=HALF_YEAR, **YEAR) == "red"


def test_the_pace_says_green_once_the_plan_is_met():
    assert pace_outlook(actual=Decimal(448), plan=Decimal(350), on=YEAR["start"], **YEAR) == "green"


def test_the_pace_cannot_judge_before_any_report():
    assert pace_outlook(actual=Decimal(0), plan=Decimal(350), on=None, **YEAR) == "grey"
