"""The demo data beyond tasks (issue 15), as leaders read it."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from criteria.models import CriteriaSet
from criteria.selectors import criteria_matrix
from proposals.models import ExplanationRequest, Proposal
from reports.models import Target
from targets.selectors import target_figures
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def figures(**filters):
    return target_figures(Target.objects.filter(**filters))


def leader():
    return get_user_model().objects.get(username="leader")


def test_digitised_records_in_metres_of_shelf_with_their_parts(seeded):
    [metres] = figures(measure="mét giá")
    assert (metres.actual, metres.plan, metres.whole_shares) == (1154, 1601, [72, 24, 4])


def test_digitised_records_in_pages_with_their_parts(seeded):
    [pages] = figures(measure="trang")
    assert (pages.achievement, pages.whole_shares) == (Decimal("46.9"), [47, 19, 34])


def test_the_citys_admissions_are_the_sum_of_its_units(seeded):
    [city] = figures(unit__code="DN", name="Kết nạp đảng viên mới")
    assert (city.actual, city.plan, city.achievement, city.rolled_up) == (
        448,
        350,
        Decimal("128.0"),
        True,
    )


def test_targets_keep_their_reports(seeded):
    assert Target.objects.get(measure="mét giá").reports.count() == 2


def test_one_criteria_set_of_sixteen_with_several_communes_at_one_hundred_percent(seeded):
    criteria_set = CriteriaSet.objects.get()
    matrix = criteria_matrix(criteria_set, user=leader(), as_of=TODAY)
    assert len(matrix.criteria) == 16
    assert len(matrix.complete_units) >= 5
    assert matrix.most_missed[0].criterion.number in (10, 16)


def test_proposals_in_each_state(seeded):
    states = set(Proposal.objects.values_list("state", flat=True))
    assert states == set(Proposal.State.values)


def test_an_explanation_request_answered_and_one_waiting(seeded):
    answered = ExplanationRequest.objects.filter(answered_on__isnull=False).count()
    waiting = ExplanationRequest.objects.filter(answered_on__isnull=True).count()
    assert (answered, waiting) == (1, 1)
