from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from proposals.models import Proposal
from proposals.services import MOVES, proposal_raise, proposal_transition
from resolutions.models import Membership
from tasks.models import Notification
from tests.factories import TargetFactory, TaskFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
State = Proposal.State


def test_a_raised_proposal_is_submitted_with_its_first_step(raise_one, staff):
    proposal = raise_one()
    step = proposal.steps.get()
    assert (proposal.state, proposal.from_unit.code, proposal.submitted_on) == (
        "submitted",
        "DN-SKHCN",
        date(2025, 9, 30),
    )
    assert (step.from_state, step.to_state, step.by) == ("", "submitted", staff)


def test_a_proposal_about_a_task_of_the_unit(raise_one, unit):
    task = TaskFactory(lead_unit=unit)
    assert raise_one(task=task).task == task


def test_a_proposal_about_a_target_of_the_unit(raise_one, unit):
    target = TargetFactory(unit=unit)
    assert raise_one(target=target).target == target


def test_a_proposal_about_two_things_is_refused(raise_one, unit):
    with pytest.raises(ValidationError):
        raise_one(task=TaskFactory(lead_unit=unit), target=TargetFactory(unit=unit))


def test_a_proposal_about_nothing_is_refused(raise_one):
    with pytest.raises(ValidationError):
        raise_one(document=None)


def test_a_proposal_about_another_units_task_is_refused(raise_one, other_unit):
    with pytest.raises(ValidationError) as error:
        raise_one(task=TaskFactory(lead_unit=other_unit))
    assert "task" in error.value.message_dict


def test_a_proposal_goes_to_a_unit_above(raise_one, other_unit):
    with pytest.raises(ValidationError) as error:
        raise_one(to_unit=other_unit)
    assert "to_unit" in error.value.message_dict


def test_staff_raise_only_for_their_own_unit(raise_one, other_unit, city):
    other_unit.parent = city
    other_unit.save()
    with pytest.raises(PermissionDenied):
        raise_one(from_unit=other_unit)


def test_a_leader_does_not_raise(today, leader, city, unit):
    with pytest.raises(PermissionDenied):
        proposal_raise(user=leader, title="x", from_unit=unit, to_unit=city, task=TaskFactory())


def test_raising_tells_the_coordinators(raise_one, coordinator):
    proposal = raise_one()
    told = Notification.objects.get()
    assert (told.recipient, told.kind, told.url) == (
        coordinator,
        "proposal_submitted",
        f"/proposals/{proposal.pk}/",
    )


def test_accepted_at_a_named_meeting(raise_one, move):
    proposal = move(raise_one(), "accepted")
    assert (proposal.state, proposal.meeting_name, proposal.meeting_on) == (
        "accepted",
        "Hội nghị BCĐ 57 tháng 9",
        date(2025, 9, 25),
    )


def test_answered_with_conclusion_agency_and_deadline(raise_one, move, city):
    proposal = move(move(raise_one(), "accepted"), "answered")
    assert (proposal.state, proposal.responsible_unit, proposal.handle_by) == (
        "answered",
        city,
        date(2025, 10, 31),
    )


def test_resolved_after_its_answer(raise_one, move):
    proposal = move(move(move(raise_one(), "accepted"), "answered"), "resolved")
    assert (proposal.state, proposal.closed_on) == ("resolved", date(2025, 9, 30))


@pytest.mark.parametrize("before", ["submitted", "accepted"])
def test_rejected_with_a_reason_before_an_answer(raise_one, move, before):
    proposal = raise_one()
    if before == "accepted":
        proposal = move(proposal, "accepted")
    proposal = move(proposal, "rejected")
    assert (proposal.state, proposal.rejection_reason) == ("rejected", "Không thuộc thẩm quyền")


def test_every_step_is_kept_with_who_and_when(raise_one, move, staff, coordinator):
    proposal = move(move(move(raise_one(), "accepted"), "answered"), "resolved")
    steps = [(s.from_state, s.to_state, s.by) for s in proposal.steps.order_by("at", "id")]
    assert steps == [
        ("", "submitted", staff),
        ("submitted", "accepted", coordinator),
        ("accepted", "answered", coordinator),
        ("answered", "resolved", coordinator),
    ]


def test_a_step_keeps_its_fields(raise_one, move):
    proposal = move(raise_one(), "accepted")
    assert proposal.steps.last().details == {
        "meeting_name": "Hội nghị BCĐ 57 tháng 9",
        "meeting_on": "2025-09-25",
    }


REFUSED = [
    (before, to) for before in State.values for to in State.values if to not in MOVES[before]
]


def _to_state(raise_one, move, state):
    proposal = raise_one()
    path = {
        "submitted": [],
        "accepted": ["accepted"],
        "answered": ["accepted", "answered"],
        "resolved": ["accepted", "answered", "resolved"],
        "rejected": ["rejected"],
    }[state]
    for to in path:
        proposal = move(proposal, to)
    return proposal


@pytest.mark.parametrize(("before", "to"), REFUSED)
def test_any_other_move_is_refused_with_the_reason(raise_one, move, before, to):
    proposal = _to_state(raise_one, move, before)
    with pytest.raises(ValidationError) as error:
        move(proposal, to)
    assert str(State(before).label) in error.value.message_dict["to"][0]
    proposal.refresh_from_db()
    assert proposal.state == before


def test_a_refused_move_leaves_no_step(raise_one, move):
    proposal = raise_one()
    with pytest.raises(ValidationError):
        move(proposal, "resolved")
    assert proposal.steps.count() == 1


@pytest.mark.parametrize(
    ("to", "missing"),
    [("accepted", "meeting_name"), ("answered", "conclusion"), ("rejected", "reason")],
)
def test_a_step_without_its_fields_is_refused(raise_one, move, to, missing):
    proposal = raise_one()
    if to == "answered":
        proposal = move(proposal, "accepted")
    with pytest.raises(ValidationError) as error:
        move(proposal, to, **{missing: ""})
    assert missing in error.value.message_dict


@pytest.mark.parametrize("role", ["staff", "leader"])
def test_only_coordinators_move_proposals(raise_one, unit, role):
    user = UserFactory(role=role, role__unit=unit)
    with pytest.raises(PermissionDenied):
        proposal_transition(user=user, proposal=raise_one(), to="rejected", reason="x")


def test_the_raiser_is_told_of_each_step(raise_one, move, staff):
    move(raise_one(), "accepted")
    assert Notification.objects.filter(recipient=staff).get().kind == "proposal_accepted"


@pytest.mark.parametrize("times", [1, 3])
def test_a_move_runs_a_fixed_number_of_queries(
    raise_one, move, times, django_assert_max_num_queries
):
    proposals = [raise_one() for _ in range(times)]
    for proposal in proposals:
        with django_assert_max_num_queries(10):  # the first move reads the mover's roles
            move(proposal, "accepted")


def test_a_commune_raises_to_the_city_through_its_staff(today, city):
    commune = UnitFactory(code="DN-HC", parent=city, kind="commune")
    clerk = UserFactory(role=Membership.Role.STAFF, role__unit=commune)
    proposal = proposal_raise(
        user=clerk, title="x", to_unit=city, target=TargetFactory(unit=commune)
    )
    assert proposal.from_unit == commune
