import pytest

from proposals.models import Proposal
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_the_unit_raises_a_proposal_from_the_page(client, staff, city, today):
    document = DocumentFactory()
    client.force_login(staff)
    response = client.post(
        "/proposals/new/",
        {"title": "Bố trí kinh phí", "to_unit": city.pk, "document": document.pk},
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/proposals/{proposal.pk}/"


def test_the_coordinator_sees_what_waits_with_days_waited(client, coordinator, raise_one):
    raise_one(title="Chờ trả lời")
    client.force_login(coordinator)
    page = client.get("/proposals/").content.decode()
    assert "Chờ trả lời" in page and 'data-figure="days-waited">0<' in page


def test_the_coordinator_answers_from_the_page(client, coordinator, raise_one, move, city):
    proposal = move(raise_one(), "accepted")
    client.force_login(coordinator)
    client.post(
        f"/proposals/{proposal.pk}/transition/",
        {
            "to": "answered",
            "conclusion": "Giao Sở Tài chính bố trí",
            "responsible_unit": city.pk,
            "handle_by": "2025-10-31",
        },
        headers={"HX-Request": "true"},
    )
    proposal.refresh_from_db()
    assert (proposal.state, proposal.conclusion) == ("answered", "Giao Sở Tài chính bố trí")


def test_a_refused_move_shows_the_reason(client, coordinator, raise_one):
    proposal = raise_one()
    client.force_login(coordinator)
    page = client.post(f"/proposals/{proposal.pk}/transition/", {"to": "resolved"}).content.decode()
    assert 'data-error-for="to"' in page


def test_staff_get_no_transition_form(client, staff, raise_one):
    proposal = raise_one()
    client.force_login(staff)
    assert "transition-form" not in client.get(f"/proposals/{proposal.pk}/").content.decode()


@pytest.mark.parametrize("rows", [1, 8])
def test_the_list_runs_a_fixed_number_of_queries(
    client, coordinator, raise_one, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        raise_one()
    client.force_login(coordinator)
    with django_assert_max_num_queries(6):
        assert client.get("/proposals/").status_code == 200
