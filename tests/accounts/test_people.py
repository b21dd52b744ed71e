"""People managed where they work: each role × each account action, through the API
(the web pages call the same services)."""

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Account
from resolutions.models import Membership
from tests.factories import UnitFactory, UserFactory

URL = "/api/v1/users/"
Role = Membership.Role


@pytest.fixture
def city(db):
    return UnitFactory(code="DN", name="Thành phố Đà Nẵng", path="DN/")


@pytest.fixture
def office(city):
    return UnitFactory(code="DN-VPTU", name="Văn phòng Thành ủy", parent=city, path="DN/VPTU/")


@pytest.fixture
def department(city):
    return UnitFactory(code="DN-SNV", name="Sở Nội vụ", parent=city, path="DN/SNV/")


@pytest.fixture
def office_coordinator(office):
    return UserFactory(username="coord", role=Role.COORDINATOR, role__unit=office)


@pytest.fixture
def office_clerk(office):
    return UserFactory(username="clerk1", role=Role.STAFF, role__unit=office)


@pytest.fixture
def department_clerk(department):
    return UserFactory(username="clerk2", role=Role.STAFF, role__unit=department)


@pytest.fixture
def as_user(api):
    def client_for(user):
        api.force_authenticate(user)
        return api

    return client_for


def new_person(unit: str, role: str = "staff", **extra):
    return {
        "username": "newbie",
        "full_name": "Lê Thị Hoa",
        "email": "hoa@danang.gov.vn",
        "memberships": [{"unit": unit, "role": role}],
        **extra,
    }


def test_a_coordinator_creates_staff_of_their_unit(as_user, office_coordinator, office):
    response = as_user(office_coordinator).post(URL, new_person("DN-VPTU"), format="json")
    assert response.status_code == 201
    assert response.json()["memberships"] == [{"unit": "DN-VPTU", "role": "staff"}]
    assert get_user_model().objects.get(username="newbie").memberships.get().unit == office


def test_a_coordinator_creates_another_coordinator_of_their_unit(
    as_user, office_coordinator, office
):
    response = as_user(office_coordinator).post(
        URL, new_person("DN-VPTU", "coordinator"), format="json"
    )
    assert response.status_code == 201


def test_a_coordinator_cannot_create_a_leader(as_user, office_coordinator, office):
    response = as_user(office_coordinator).post(URL, new_person("DN-VPTU", "leader"), format="json")
    assert response.status_code == 403


def test_a_coordinator_cannot_create_an_administrator(as_user, office_coordinator, office):
    response = as_user(office_coordinator).post(URL, new_person("DN-VPTU", "admin"), format="json")
    assert response.status_code == 400  # not a role the API gives
    assert not get_user_model().objects.filter(username="newbie").exists()


def test_a_coordinator_cannot_create_people_of_another_unit(
    as_user, office_coordinator, department
):
    response = as_user(office_coordinator).post(URL, new_person("DN-SNV"), format="json")
    assert response.status_code == 403


def test_a_coordinator_cannot_create_a_person_without_a_unit(as_user, office_coordinator):
    response = as_user(office_coordinator).post(
        URL, {**new_person("DN-VPTU"), "memberships": []}, format="json"
    )
    assert response.status_code == 400


def test_an_administrator_creates_a_leader_anywhere(as_user, administrator, department):
    response = as_user(administrator).post(URL, new_person("DN-SNV", "leader"), format="json")
    assert response.status_code == 201


@pytest.mark.parametrize("role", [Role.STAFF, Role.LEADER])
def test_staff_and_leaders_manage_no_account(as_user, unit, role):
    user = UserFactory(role=role, role__unit=unit)
    client = as_user(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, new_person(unit.code), format="json").status_code == 403


def test_a_user_holds_several_memberships(as_user, administrator, office, department):
    payload = new_person("DN-VPTU")
    payload["memberships"].append({"unit": "DN-SNV", "role": "staff"})
    response = as_user(administrator).post(URL, payload, format="json")
    assert response.status_code == 201
    held = get_user_model().objects.get(username="newbie").memberships
    assert set(held.values_list("unit__code", flat=True)) == {"DN-VPTU", "DN-SNV"}


def test_the_same_role_at_the_same_unit_is_refused_twice(as_user, administrator, office):
    payload = new_person("DN-VPTU")
    payload["memberships"].append({"unit": "DN-VPTU", "role": "staff"})
    response = as_user(administrator).post(URL, payload, format="json")
    assert response.status_code == 400


def test_an_unknown_unit_is_a_field_error(as_user, administrator):
    response = as_user(administrator).post(URL, new_person("NOPE"), format="json")
    assert response.status_code == 400 and "memberships" in response.json()


def test_a_taken_user_name_is_refused(as_user, administrator, office, office_clerk):
    response = as_user(administrator).post(
        URL, {**new_person("DN-VPTU"), "username": "CLERK1"}, format="json"
    )
    assert response.status_code == 400 and "username" in response.json()


def test_an_initial_password_must_be_changed_at_first_sign_in(as_user, administrator, office):
    as_user(administrator).post(
        URL, new_person("DN-VPTU", password="Mat-khau-ban-dau-2025"), format="json"
    )
    user = get_user_model().objects.get(username="newbie")
    assert user.check_password("Mat-khau-ban-dau-2025")
    assert Account.objects.get(user=user).must_change_password


def test_an_initial_password_follows_the_policy(as_user, administrator, office):
    response = as_user(administrator).post(
        URL, new_person("DN-VPTU", password="123"), format="json"
    )
    assert response.status_code == 400


def test_without_a_password_the_person_cannot_sign_in_until_a_reset(as_user, administrator, office):
    as_user(administrator).post(URL, new_person("DN-VPTU"), format="json")
    assert not get_user_model().objects.get(username="newbie").has_usable_password()


def test_a_coordinator_lists_only_the_people_they_manage(
    as_user, office_coordinator, office_clerk, department_clerk, administrator
):
    names = [u["username"] for u in as_user(office_coordinator).get(URL).json()["results"]]
    assert names == ["clerk1", "coord"]


def test_an_administrator_lists_everyone(as_user, administrator, office_clerk, department_clerk):
    names = [u["username"] for u in as_user(administrator).get(URL).json()["results"]]
    assert names == ["clerk1", "clerk2", "root"]


def test_a_coordinator_deactivates_a_person_of_their_unit(
    as_user, office_coordinator, office_clerk
):
    response = as_user(office_coordinator).patch(
        f"{URL}{office_clerk.pk}/", {"is_active": False}, format="json"
    )
    assert response.status_code == 200
    assert not get_user_model().objects.get(pk=office_clerk.pk).is_active


def test_a_coordinator_cannot_change_a_person_of_another_unit(
    as_user, office_coordinator, department_clerk
):
    response = as_user(office_coordinator).patch(
        f"{URL}{department_clerk.pk}/", {"is_active": False}, format="json"
    )
    assert response.status_code == 404
    assert get_user_model().objects.get(pk=department_clerk.pk).is_active


def test_a_coordinator_cannot_move_their_person_out_of_their_units(
    as_user, office_coordinator, office_clerk, department
):
    response = as_user(office_coordinator).patch(
        f"{URL}{office_clerk.pk}/",
        {"memberships": [{"unit": "DN-SNV", "role": "staff"}]},
        format="json",
    )
    assert response.status_code == 403


def test_a_coordinator_cannot_raise_their_person_to_leader(
    as_user, office_coordinator, office_clerk
):
    response = as_user(office_coordinator).patch(
        f"{URL}{office_clerk.pk}/",
        {"memberships": [{"unit": "DN-VPTU", "role": "leader"}]},
        format="json",
    )
    assert response.status_code == 403


def test_a_coordinator_of_the_city_manages_the_units_below(as_user, city, department_clerk):
    city_coordinator = UserFactory(role=Role.COORDINATOR, role__unit=city)
    response = as_user(city_coordinator).patch(
        f"{URL}{department_clerk.pk}/", {"full_name": "Phan Văn Minh"}, format="json"
    )
    assert response.status_code == 200 and response.json()["full_name"] == "Phan Văn Minh"


def test_an_administrator_assigns_a_person_to_another_unit(
    as_user, administrator, office_clerk, department
):
    response = as_user(administrator).patch(
        f"{URL}{office_clerk.pk}/",
        {"memberships": [{"unit": "DN-SNV", "role": "coordinator"}]},
        format="json",
    )
    assert response.json()["memberships"] == [{"unit": "DN-SNV", "role": "coordinator"}]


def test_nobody_deactivates_their_own_account(as_user, office_coordinator):
    response = as_user(office_coordinator).patch(
        f"{URL}{office_coordinator.pk}/", {"is_active": False}, format="json"
    )
    assert response.status_code == 400


def test_a_coordinator_sets_a_password_that_must_be_changed(
    as_user, office_coordinator, office_clerk
):
    as_user(office_coordinator).patch(
        f"{URL}{office_clerk.pk}/", {"password": "Mat-khau-moi-2025"}, format="json"
    )
    assert Account.objects.get(user=office_clerk).must_change_password


@pytest.mark.parametrize("rows", [1, 15])
def test_the_user_list_runs_a_fixed_number_of_queries(
    as_user, administrator, office, rows, django_assert_num_queries
):
    UserFactory.create_batch(rows, role=Role.STAFF, role__unit=office)
    client = as_user(administrator)
    # count, the page, each person's memberships with their units, the audit row of the read
    with django_assert_num_queries(4):
        assert client.get(URL).status_code == 200
