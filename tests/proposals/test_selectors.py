import pytest
import time_machine

from proposals.selectors import (
    proposals_raised_by,
    proposals_visible_to,
    proposals_waiting_for,
    with_days_waited,
)
from resolutions.models import Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_waiting_proposals_come_oldest_first_with_the_days_waited(raise_one, coordinator, today):
    with time_machine.travel("2025-08-29 10:00 +07:00", tick=False):
        old = raise_one(title="Cũ")
    new = raise_one(title="Mới")
    rows = with_days_waited(proposals_waiting_for(coordinator), today=today)
    assert [(row.proposal, row.days_waited) for row in rows] == [(old, 32), (new, 0)]


def test_an_answered_proposal_no_longer_waits(raise_one, move, coordinator):
    move(move(raise_one(), "accepted"), "answered")
    assert not proposals_waiting_for(coordinator).exists()


def test_the_unit_lists_what_it_raised(raise_one, staff, move):
    proposal = move(raise_one(), "accepted")
    assert list(proposals_raised_by(staff)) == [proposal]


def test_staff_of_the_city_see_what_waits_for_the_city(raise_one, city):
    clerk = UserFactory(role=Membership.Role.STAFF, role__unit=city)
    proposal = raise_one()
    assert list(proposals_waiting_for(clerk)) == [proposal]


def test_staff_of_another_unit_do_not_see_a_proposal(raise_one, other_unit):
    raise_one()
    clerk = UserFactory(role=Membership.Role.STAFF, role__unit=other_unit)
    assert not proposals_visible_to(clerk).exists()


def test_a_user_without_a_role_sees_none(raise_one):
    raise_one()
    assert not proposals_visible_to(UserFactory()).exists()


def test_a_coordinator_sees_the_waiting_proposals_of_their_tree(raise_one, city, other_unit):
    proposal = raise_one()
    coordinator = UserFactory(role=Membership.Role.COORDINATOR, role__unit=city)
    assert list(proposals_waiting_for(coordinator)) == [proposal]
    elsewhere = UserFactory(role=Membership.Role.COORDINATOR, role__unit=other_unit)
    assert not proposals_waiting_for(elsewhere).exists()
