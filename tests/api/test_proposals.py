"""Proposals through the API (issue 15)."""

from datetime import date

import pytest

from proposals.models import Proposal
from proposals.services import proposal_raise
from tests.factories import DocumentFactory, UnitFactory

PROPOSALS = "/api/v1/proposals/"


@pytest.fixture
def city(db, unit):
    city = UnitFactory(code="DN", kind="province")
    unit.parent = city
    unit.save()
    return city


@pytest.fixture
def proposal(today, staff, city):
    return proposal_raise(
        user=staff, title="Bố trí kinh phí", to_unit=city, document=DocumentFactory()
    )


def test_staff_raise_a_proposal(today, api_as, staff, city):
    DocumentFactory(code="57-NQ/TW")
    response = api_as(staff).post(
        PROPOSALS,
        {"title": "Bổ sung biên chế", "description": "…", "to_unit": "DN", "document": "57-NQ/TW"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["state"], body["from_unit"], body["days_waited"], len(body["steps"])) == (
        "submitted",
        "DN-SKHCN",
        0,
        1,
    )


def test_raising_about_nothing_is_a_400(today, api_as, staff, city):
    response = api_as(staff).post(PROPOSALS, {"title": "x", "to_unit": "DN"}, format="json")
    assert response.status_code == 400


def test_the_detail_has_the_state_and_the_steps(api_as, coordinator, proposal):
    body = api_as(coordinator).get(f"{PROPOSALS}{proposal.pk}/").json()
    assert (body["state"], [s["to_state"] for s in body["steps"]]) == ("submitted", ["submitted"])


def test_a_coordinator_accepts_then_answers(api_as, coordinator, proposal):
    client = api_as(coordinator)
    url = f"{PROPOSALS}{proposal.pk}/transition/"
    accepted = client.post(
        url,
        {"to": "accepted", "meeting_name": "Hội nghị BCĐ", "meeting_on": "2025-09-25"},
        format="json",
    )
    assert accepted.status_code == 200
    answered = client.post(
        url,
        {
            "to": "answered",
            "conclusion": "Giao Sở Tài chính",
            "responsible_unit": "DN-SKHCN",
            "handle_by": "2025-10-31",
        },
        format="json",
    ).json()
    assert (answered["state"], answered["responsible_unit"], answered["handle_by"]) == (
        "answered",
        "DN-SKHCN",
        "2025-10-31",
    )
    assert [s["to_state"] for s in answered["steps"]] == ["submitted", "accepted", "answered"]


def test_a_refused_move_is_a_400_with_the_reason(api_as, coordinator, proposal):
    response = api_as(coordinator).post(
        f"{PROPOSALS}{proposal.pk}/transition/", {"to": "resolved"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["to"]
    assert Proposal.objects.get().state == "submitted"


def test_staff_may_not_move_a_proposal(api_as, staff, proposal):
    response = api_as(staff).post(
        f"{PROPOSALS}{proposal.pk}/transition/", {"to": "rejected", "reason": "x"}, format="json"
    )
    assert response.status_code == 403


def test_the_waiting_side_lists_oldest_first(api_as, coordinator, staff, city, proposal, today):
    newer = proposal_raise(
        user=staff,
        title="Mới",
        to_unit=city,
        document=DocumentFactory(),
    )
    Proposal.objects.filter(pk=proposal.pk).update(submitted_on=date(2025, 8, 30))
    rows = api_as(coordinator).get(PROPOSALS, {"side": "waiting"}).json()["results"]
    assert [(row["id"], row["days_waited"]) for row in rows] == [(proposal.pk, 31), (newer.pk, 0)]


@pytest.mark.parametrize("rows", [1, 10])
def test_the_list_runs_a_fixed_number_of_queries(
    today, api_as, coordinator, staff, city, rows, django_assert_num_queries
):
    for _ in range(rows):
        proposal_raise(user=staff, title="x", to_unit=city, document=DocumentFactory())
    client = api_as(coordinator)
    # token with its user and membership, count, page, steps, their authors
    with django_assert_num_queries(6):
        assert client.get(PROPOSALS).json()["count"] == rows
