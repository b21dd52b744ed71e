from datetime import date

import pytest

from resolutions.models import Membership
from tasks.models import Task, TaskChange
from tasks.services import task_report_progress
from tests.factories import (
    BlockerFactory,
    DocumentFactory,
    TaskFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/tasks/"


@pytest.fixture
def document(db):
    return DocumentFactory(code="57-NQ/TW", issued_on=date(2024, 12, 22))


@pytest.fixture
def own_task(today, document, unit):
    return TaskFactory(document=document, lead_unit=unit)


@pytest.fixture
def other_task(today, document, other_unit):
    return TaskFactory(document=document, lead_unit=other_unit)


def payload(**changes):
    return {
        "document": "57-NQ/TW",
        "lead_unit": "DN-SKHCN",
        "supporting_units": ["DN-SNV"],
        "title": "Xây dựng cơ sở dữ liệu dân cư",
        "assigned_on": "2025-01-10",
        "deadline": "2025-12-31",
        **changes,
    }


# Reading


def test_list_needs_a_token(api):
    assert api.get(URL).status_code == 401


def test_a_bad_token_is_401(api):
    api.credentials(HTTP_AUTHORIZATION="Token nope")
    assert api.get(URL).status_code == 401


def test_users_without_a_role_are_403(api_as, outsider):
    assert api_as(outsider).get(URL).status_code == 403


@pytest.mark.parametrize("role", ["coordinator", "leader", "administrator"])
def test_managers_and_leaders_see_every_task(request, api_as, own_task, other_task, role):
    body = api_as(request.getfixturevalue(role)).get(URL).json()
    assert body["count"] == 2


def test_staff_see_their_units_tasks_only(api_as, staff, own_task, other_task):
    body = api_as(staff).get(URL).json()
    assert [row["id"] for row in body["results"]] == [own_task.pk]


def test_a_task_names_units_and_document_by_code(api_as, leader, own_task, other_unit):
    own_task.supporting_units.add(other_unit)
    row = api_as(leader).get(f"{URL}{own_task.pk}/").json()
    assert (row["document"], row["lead_unit"], row["supporting_units"]) == (
        "57-NQ/TW",
        "DN-SKHCN",
        ["DN-SNV"],
    )
    assert row["deadline"] == "2025-12-31"


def test_list_filters_by_codes(api_as, leader, own_task, other_task):
    body = api_as(leader).get(URL, {"document": "57-nq/tw", "lead_unit": "DN-SNV"}).json()
    assert [row["id"] for row in body["results"]] == [other_task.pk]


def test_a_malformed_document_filter_is_400(api_as, leader, own_task):
    response = api_as(leader).get(URL, {"document": "abc"})
    assert response.status_code == 400
    assert "document" in response.json()


def test_staff_get_404_for_a_task_they_cannot_see(api_as, staff, other_task):
    assert api_as(staff).get(f"{URL}{other_task.pk}/").status_code == 404


def test_an_unknown_or_huge_id_is_404(api_as, leader):
    client = api_as(leader)
    assert client.get(f"{URL}424242/").status_code == 404
    assert client.get(f"{URL}99999999999999999999999/").status_code == 404


def test_detail_carries_the_version_as_etag(api_as, leader, own_task):
    response = api_as(leader).get(f"{URL}{own_task.pk}/")
    assert response["ETag"] == '"1"'


def test_a_task_counts_its_blockers_open_today(api_as, leader, own_task):
    BlockerFactory(task=own_task, raised_on=date(2025, 9, 1))
    BlockerFactory(task=own_task, raised_on=date(2025, 9, 1), resolved_on=date(2025, 9, 20))
    assert api_as(leader).get(f"{URL}{own_task.pk}/").json()["open_blockers"] == 1


@pytest.mark.parametrize("rows", [1, 15])
def test_list_runs_a_fixed_number_of_queries(
    api_as, leader, document, rows, django_assert_num_queries
):
    for _ in range(rows):
        task = TaskFactory(document=document)
        task.supporting_units.add(UnitFactory())
        BlockerFactory(task=task)
    client = api_as(leader)
    # token with its user and membership, count, page, supporting units, the page's open blockers
    with django_assert_num_queries(6):
        assert len(client.get(URL).json()["results"]) == rows


def test_history_lists_every_change(api_as, coordinator, own_task):
    client = api_as(coordinator)
    client.patch(f"{URL}{own_task.pk}/", {"status": "in_progress", "percent": 40}, format="json")
    rows = client.get(f"{URL}{own_task.pk}/history/").json()["results"]
    assert {(row["field"], row["after"]) for row in rows} == {
        ("status", "in_progress"),
        ("percent", "40"),
    }
    assert rows[0]["changed_by"] == "coord"


@pytest.mark.parametrize("rows", [1, 12])
def test_history_runs_a_fixed_number_of_queries(
    api_as, coordinator, own_task, rows, django_assert_num_queries
):
    for percent in range(1, rows + 1):
        task_report_progress(user=coordinator, task=own_task, status="in_progress", percent=percent)
    client = api_as(coordinator)
    # token with its user and membership, task, its supporting units, count, page
    with django_assert_num_queries(6):
        assert client.get(f"{URL}{own_task.pk}/history/").json()["count"] >= rows


# Creating


@pytest.mark.parametrize("role", ["coordinator", "administrator"])
def test_managers_create_a_task_by_codes(request, api_as, document, unit, other_unit, role):
    response = api_as(request.getfixturevalue(role)).post(URL, payload(), format="json")
    assert response.status_code == 201
    task = Task.objects.get(pk=response.json()["id"])
    assert (task.document, task.lead_unit, list(task.supporting_units.all())) == (
        document,
        unit,
        [other_unit],
    )
    assert task.changes.get().field == "created"


def test_an_ongoing_task_has_no_deadline(api_as, coordinator, document, unit, other_unit):
    response = api_as(coordinator).post(URL, payload(deadline=None), format="json")
    assert response.status_code == 201
    assert response.json()["deadline"] is None


def test_a_new_task_has_no_open_blockers(api_as, coordinator, document, unit, other_unit):
    response = api_as(coordinator).post(URL, payload(), format="json")
    assert response.json()["open_blockers"] == 0


def test_historical_tasks_can_be_loaded(api_as, coordinator, document, unit, other_unit):
    response = api_as(coordinator).post(
        URL, payload(assigned_on="2019-03-01", deadline="2020-06-30"), format="json"
    )
    assert response.status_code == 201


@pytest.mark.parametrize("role", ["staff", "leader"])
def test_staff_and_leaders_cannot_create_tasks(request, api_as, document, unit, role):
    response = api_as(request.getfixturevalue(role)).post(URL, payload(), format="json")
    assert response.status_code == 403
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"document": "abc"}, "document"),
        ({"document": "99-NQ/TW"}, "document"),
        ({"lead_unit": "NOPE"}, "lead_unit"),
        ({"supporting_units": ["NOPE"]}, "supporting_units"),
        ({"deadline": "2025-01-01"}, "deadline"),
        ({"title": "nul\x00byte"}, "title"),
        ({"title": ""}, "title"),
        ({"assigned_on": "2025-13-01"}, "assigned_on"),
        ({"lead_unit": 12}, "lead_unit"),
    ],
)
def test_bad_input_is_refused_per_field(
    api_as, coordinator, document, unit, other_unit, changes, field
):
    response = api_as(coordinator).post(URL, payload(**changes), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Task.objects.exists()


def test_malformed_json_is_400(api_as, coordinator):
    response = api_as(coordinator).post(URL, "{", content_type="application/json")
    assert response.status_code == 400


# Changing


def test_staff_report_progress_on_their_task(api_as, staff, own_task):
    response = api_as(staff).patch(
        f"{URL}{own_task.pk}/", {"status": "in_progress", "percent": 30}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["percent"]) == ("in_progress", 30)
    assert response["ETag"] == '"2"'


def test_a_note_alone_lands_in_the_history(api_as, staff, own_task):
    api_as(staff).patch(f"{URL}{own_task.pk}/", {"note": "Đã họp triển khai"}, format="json")
    assert TaskChange.objects.get(task=own_task).note == "Đã họp triển khai"


def test_completion_on_a_past_day(api_as, staff, own_task):
    response = api_as(staff).patch(
        f"{URL}{own_task.pk}/", {"status": "completed", "completed_on": "2025-06-30"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["completed_on"], response.json()["percent"]) == ("2025-06-30", 100)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"percent": 101}, "percent"),
        ({"percent": -1}, "percent"),
        ({"percent": 10**30}, "percent"),
        ({"status": "done"}, "status"),
        ({"status": "completed", "completed_on": "2025-10-01"}, "completed_on"),
        ({"status": "completed", "completed_on": "2024-12-31"}, "completed_on"),
        ({"status": "in_progress", "completed_on": "2025-06-30"}, "completed_on"),
        ({"note": "\x00"}, "note"),
        ({}, "non_field_errors"),
    ],
)
def test_bad_changes_are_refused_and_change_nothing(api_as, staff, own_task, change, field):
    response = api_as(staff).patch(f"{URL}{own_task.pk}/", change, format="json")
    assert response.status_code == 400
    assert field in response.json()
    own_task.refresh_from_db()
    assert (own_task.status, own_task.version) == (Task.Status.NOT_STARTED, 1)


def test_a_matching_if_match_is_accepted(api_as, staff, own_task):
    response = api_as(staff).patch(
        f"{URL}{own_task.pk}/", {"percent": 10}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200


def test_a_stale_if_match_is_412_and_changes_nothing(api_as, staff, coordinator, own_task):
    etag = api_as(staff).get(f"{URL}{own_task.pk}/")["ETag"]
    api_as(coordinator).patch(f"{URL}{own_task.pk}/", {"percent": 50}, format="json")
    response = api_as(staff).patch(
        f"{URL}{own_task.pk}/", {"percent": 10}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 412
    own_task.refresh_from_db()
    assert own_task.percent == 50
    assert not TaskChange.objects.filter(after="10").exists()


def test_a_garbled_if_match_is_412(api_as, staff, own_task):
    response = api_as(staff).patch(
        f"{URL}{own_task.pk}/", {"percent": 10}, format="json", HTTP_IF_MATCH="garbage"
    )
    assert response.status_code == 412


def test_staff_cannot_change_another_units_task(api_as, staff, other_task, unit):
    other_task.supporting_units.add(unit)  # visible to staff, but not theirs to change
    response = api_as(staff).patch(f"{URL}{other_task.pk}/", {"percent": 10}, format="json")
    assert response.status_code == 403


def test_leaders_cannot_change_tasks(api_as, leader, own_task):
    response = api_as(leader).patch(f"{URL}{own_task.pk}/", {"percent": 10}, format="json")
    assert response.status_code == 403


def test_put_and_delete_are_not_offered(api_as, coordinator, own_task):
    client = api_as(coordinator)
    assert client.put(f"{URL}{own_task.pk}/", payload(), format="json").status_code == 405
    assert client.delete(f"{URL}{own_task.pk}/").status_code == 405


def test_staff_of_a_parent_unit_change_tasks_of_units_below(api_as, own_task, unit):
    parent = UnitFactory(code="DN")
    unit.parent = parent
    unit.save()
    boss_clerk = UserFactory(role=Membership.Role.STAFF, role__unit=parent)
    response = api_as(boss_clerk).patch(f"{URL}{own_task.pk}/", {"percent": 5}, format="json")
    assert response.status_code == 200
