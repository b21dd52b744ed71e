"""The people pages: the same services as the API, behind the same checks."""

import re

import pytest
from django.contrib.auth import get_user_model

from accounts.models import AuditEvent
from resolutions.models import Membership
from tests.factories import UnitFactory, UserFactory


def person(username: str, full_name: str, roles, *, held: int = 0, **fields) -> dict:
    """The person form as a browser posts it: `roles` are (unit, role, remove) rows, the
    first `held` of them those the page showed filled (the formset's initial rows)."""
    data = {"username": username, "full_name": full_name, "email": "", "password": "", **fields}
    data |= {"roles-TOTAL_FORMS": len(roles), "roles-INITIAL_FORMS": held}
    for n, (unit, role, remove) in enumerate(roles):
        data |= {f"roles-{n}-unit": unit.pk if unit else "", f"roles-{n}-role": role}
        if remove:
            data[f"roles-{n}-DELETE"] = "on"
    return data


@pytest.fixture
def unit_coordinator(unit):
    return UserFactory(username="coord2", role=Membership.Role.COORDINATOR, role__unit=unit)


def test_staff_do_not_see_the_people_pages(client, staff):
    client.force_login(staff)
    assert client.get("/accounts/people/").status_code == 403


def test_the_menu_offers_people_to_a_coordinator_only(client, unit_coordinator, staff):
    client.force_login(unit_coordinator)
    assert 'href="/accounts/people/"' in client.get("/").content.decode()
    client.force_login(staff)
    assert 'href="/accounts/people/"' not in client.get("/").content.decode()


def test_a_coordinator_creates_a_person_from_the_page(client, unit_coordinator, unit):
    client.force_login(unit_coordinator)
    response = client.post(
        "/accounts/people/new/",
        person("hoa", "Lê Thị Hoa", [(unit, "staff", False)], is_active="on"),
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="hoa").memberships.get().unit == unit


def test_the_role_choices_stop_at_the_coordinators_own(client, unit_coordinator):
    client.force_login(unit_coordinator)
    page = client.get("/accounts/people/new/").content.decode()
    assert 'value="coordinator"' in page and 'value="leader"' not in page


def test_the_unit_choices_are_the_coordinators_units(client, unit_coordinator, other_unit):
    client.force_login(unit_coordinator)
    page = client.get("/accounts/people/new/").content.decode()
    assert "Sở Khoa học và Công nghệ" in page and "Sở Nội vụ" not in page


def test_a_coordinator_deactivates_a_person_from_the_page(client, unit_coordinator, staff, unit):
    client.force_login(unit_coordinator)
    client.post(
        f"/accounts/people/{staff.pk}/",
        person("clerk", "Chuyên viên", [(unit, "staff", False)], held=1),
    )
    assert not get_user_model().objects.get(pk=staff.pk).is_active


def test_the_page_shows_every_role_and_adds_and_removes_them(client, unit_coordinator, staff, unit):
    sub = UnitFactory(code="DN-SKHCN-P1", name="Phòng Kế hoạch", parent=unit)
    Membership.objects.create(user=staff, unit=sub, role=Membership.Role.STAFF)
    client.force_login(unit_coordinator)
    page = client.get(f"/accounts/people/{staff.pk}/").content.decode()
    assert page.count("data-role-row") == 3  # the two held, one empty to add a role
    rows = [(unit, "staff", False), (sub, "staff", True), (sub, "coordinator", False)]
    response = client.post(
        f"/accounts/people/{staff.pk}/", person("clerk", "Chuyên viên", rows, held=2)
    )
    assert response.status_code == 302
    held = set(staff.memberships.values_list("unit__code", "role"))
    assert held == {(unit.code, "staff"), ("DN-SKHCN-P1", "coordinator")}


def test_the_empty_row_left_as_it_is_adds_no_role_and_asks_nothing(
    client, unit_coordinator, staff, unit
):
    client.force_login(unit_coordinator)
    page = client.get(f"/accounts/people/{staff.pk}/").content.decode()
    # the empty row shows no role chosen, so a browser sends it empty (not the first role)
    blank = re.search(r'<select name="roles-1-role".*?</select>', page, re.S).group(0)
    assert '<option value="" selected>' in blank
    rows = [(unit, "staff", False), (None, "", False)]  # as a browser sends it untouched
    response = client.post(
        f"/accounts/people/{staff.pk}/", person("clerk", "Chuyên viên", rows, held=1)
    )
    assert response.status_code == 302
    assert list(staff.memberships.values_list("role", flat=True)) == ["staff"]


def test_a_person_keeps_at_least_one_role(client, unit_coordinator, staff, unit):
    client.force_login(unit_coordinator)
    rows = [(unit, "staff", True), (None, "", False)]
    response = client.post(
        f"/accounts/people/{staff.pk}/", person("clerk", "Chuyên viên", rows, held=1)
    )
    assert response.status_code == 200
    assert 'data-error-for="roles"' in response.content.decode()
    assert staff.memberships.count() == 1


def test_opening_a_person_is_recorded_as_reading_personal_data(client, unit_coordinator, staff):
    client.force_login(unit_coordinator)
    client.get(f"/accounts/people/{staff.pk}/")
    event = AuditEvent.objects.filter(action=AuditEvent.Action.READ_PERSONAL).latest("id")
    assert (event.actor, event.object_id) == (unit_coordinator, str(staff.pk))


def test_a_person_of_another_unit_is_not_found(client, unit_coordinator, other_unit):
    person = UserFactory(role=Membership.Role.STAFF, role__unit=other_unit)
    client.force_login(unit_coordinator)
    assert client.get(f"/accounts/people/{person.pk}/").status_code == 404


@pytest.mark.parametrize("rows", [1, 20])
def test_the_people_page_runs_a_fixed_number_of_queries(
    client, unit_coordinator, unit, rows, django_assert_num_queries
):
    UserFactory.create_batch(rows, role=Membership.Role.STAFF, role__unit=unit)
    client.force_login(unit_coordinator)
    # session, user with membership, the coordinated unit, count, page (people and their units)
    with django_assert_num_queries(6):
        assert client.get("/accounts/people/").status_code == 200
