from datetime import date
from decimal import Decimal

import pytest

from reports.models import Target
from tasks.models import Extension
from tests.factories import TaskFactory, UnitFactory

pytestmark = pytest.mark.django_db
EXTENSIONS = "/api/v1/extensions/"
TARGETS = "/api/v1/targets/"


@pytest.fixture
def own_task(today, unit):
    return TaskFactory(lead_unit=unit, deadline=date(2025, 10, 31))


@pytest.fixture
def other_task(today, other_unit):
    return TaskFactory(lead_unit=other_unit, deadline=date(2025, 10, 31))


def ask(client, task_to_extend, **changes):
    payload = {
        "task": task_to_extend.pk,
        "requested_deadline": "2025-12-31",
        "reason": "Chờ kinh phí",
    }
    return client.post(EXTENSIONS, {**payload, **changes}, format="json")


@pytest.fixture
def pending(api_as, staff, own_task):
    return Extension.objects.get(pk=ask(api_as(staff), own_task).json()["id"])


def test_staff_ask_for_an_extension_of_their_task(api_as, staff, own_task):
    response = ask(api_as(staff), own_task)
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["requested_by"]) == ("pending", "clerk")


def test_staff_cannot_ask_for_a_task_they_cannot_see(api_as, staff, other_task):
    response = ask(api_as(staff), other_task)
    assert response.status_code == 400
    assert "task" in response.json()


def test_leaders_cannot_ask_for_extensions(api_as, leader, own_task):
    assert ask(api_as(leader), own_task).status_code == 403


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"requested_deadline": "2025-10-01"}, "requested_deadline"),
        ({"reason": "  "}, "reason"),
        ({"task": 10**25}, "task"),
        ({"requested_deadline": "31/12/2025"}, "requested_deadline"),
    ],
)
def test_bad_requests_are_refused(api_as, staff, own_task, changes, field):
    response = ask(api_as(staff), own_task, **changes)
    assert response.status_code == 400
    assert field in response.json()
    assert not Extension.objects.exists()


def test_a_second_pending_request_is_refused(api_as, staff, pending, own_task):
    response = ask(api_as(staff), own_task, requested_deadline="2026-03-31")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_coordinators_approve_from_a_business_day(api_as, coordinator, pending, own_task):
    response = api_as(coordinator).post(
        f"{EXTENSIONS}{pending.pk}/approve/", {"decided_on": "2025-09-15"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["decided_on"] == "2025-09-15"
    own_task.refresh_from_db()
    assert (own_task.deadline, own_task.original_deadline) == (
        date(2025, 12, 31),
        date(2025, 10, 31),
    )


def test_an_approval_cannot_be_dated_in_the_future(api_as, coordinator, pending):
    response = api_as(coordinator).post(
        f"{EXTENSIONS}{pending.pk}/approve/", {"decided_on": "2025-10-01"}, format="json"
    )
    assert response.status_code == 400


def test_staff_cannot_approve(api_as, staff, pending):
    assert api_as(staff).post(f"{EXTENSIONS}{pending.pk}/approve/").status_code == 403


def test_rejecting_needs_a_reason(api_as, coordinator, pending):
    response = api_as(coordinator).post(f"{EXTENSIONS}{pending.pk}/reject/", {}, format="json")
    assert response.status_code == 400
    assert "note" in response.json()


def test_coordinators_reject_with_a_reason(api_as, coordinator, pending):
    response = api_as(coordinator).post(
        f"{EXTENSIONS}{pending.pk}/reject/", {"note": "Không đủ căn cứ"}, format="json"
    )
    assert response.json()["status"] == "rejected"


def test_a_decided_request_cannot_be_decided_again(api_as, coordinator, pending):
    client = api_as(coordinator)
    client.post(f"{EXTENSIONS}{pending.pk}/approve/")
    assert client.post(f"{EXTENSIONS}{pending.pk}/approve/").status_code == 400


def test_staff_see_only_the_requests_of_their_tasks(
    api_as, staff, coordinator, pending, other_task
):
    ask(api_as(coordinator), other_task)
    body = api_as(staff).get(EXTENSIONS).json()
    assert [row["id"] for row in body["results"]] == [pending.pk]


def test_staff_get_404_for_another_units_request(api_as, staff, coordinator, other_task):
    foreign = ask(api_as(coordinator), other_task).json()["id"]
    assert api_as(staff).get(f"{EXTENSIONS}{foreign}/").status_code == 404


@pytest.mark.parametrize("rows", [1, 10])
def test_extension_list_runs_a_fixed_number_of_queries(
    api_as, coordinator, today, rows, django_assert_num_queries
):
    client = api_as(coordinator)
    for _ in range(rows):
        ask(client, TaskFactory(deadline=date(2025, 10, 31)))
    # token with its user and membership, count, page
    with django_assert_num_queries(4):
        assert client.get(EXTENSIONS).json()["count"] == rows


def test_extensions_need_a_token(api):
    assert api.get(EXTENSIONS).status_code == 401


# Targets


def target(unit, **fields):
    values = {"name": "Số hóa hồ sơ", "measure": "trang", "plan": Decimal("350")}
    values |= {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}
    return Target.objects.create(unit=unit, **(values | fields))


def test_targets_can_pass_the_plan(api_as, leader, unit):
    target(unit, done=Decimal("448"))
    row = api_as(leader).get(TARGETS).json()["results"][0]
    assert (row["unit"], row["plan"], row["done"], row["document"]) == (
        "DN-SKHCN",
        350.0,
        448.0,
        None,
    )


def test_staff_see_their_units_targets_only(api_as, staff, unit, other_unit):
    own = target(unit)
    target(other_unit)
    body = api_as(staff).get(TARGETS).json()
    assert [row["id"] for row in body["results"]] == [own.pk]


@pytest.mark.parametrize("rows", [1, 10])
def test_target_list_runs_a_fixed_number_of_queries(
    api_as, leader, rows, django_assert_num_queries
):
    for _ in range(rows):
        target(UnitFactory())
    client = api_as(leader)
    with django_assert_num_queries(4):
        assert client.get(TARGETS).json()["count"] == rows


def test_targets_need_a_role(api_as, outsider):
    assert api_as(outsider).get(TARGETS).status_code == 403
