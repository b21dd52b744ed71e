"""Hostile or mistaken input on the API: every field accepts what the schema and the model
say and refuses the rest with 400 and a message per field, never a server error."""

from datetime import date

import pytest

from tasks.models import Extension, Task, TaskChange
from tests.factories import DocumentFactory, TaskFactory
from tracker.limits import NOTE_MAX_LENGTH

URL = "/api/v1/tasks/"


@pytest.fixture
def document(db):
    return DocumentFactory(code="57-NQ/TW", issued_on=date(2024, 12, 22))


@pytest.fixture
def own_task(today, document, unit):
    return TaskFactory(document=document, lead_unit=unit, status=Task.Status.IN_PROGRESS)


def _new_task(**changes):
    return {
        "document": "57-NQ/TW",
        "lead_unit": "DN-SKHCN",
        "title": "Xây dựng cơ sở dữ liệu dân cư",
        "assigned_on": "2025-01-10",
        "deadline": "2025-12-31",
        **changes,
    }


def test_a_title_of_500_characters_is_created_and_recorded_whole(
    api_as, coordinator, document, unit, today
):
    title = "Chuyển đổi số " * 35 + "x" * 10  # 500 characters, longer than 255
    response = api_as(coordinator).post(URL, _new_task(title=title), format="json")
    assert response.status_code == 201
    assert TaskChange.objects.get(field="created").after == title


def test_a_title_longer_than_the_model_allows_is_refused_per_field(
    api_as, coordinator, document, unit, today
):
    response = api_as(coordinator).post(URL, _new_task(title="x" * 501), format="json")
    assert response.status_code == 400
    assert "title" in response.json()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"assigned_on": "0001-01-01"}, "assigned_on"),
        ({"assigned_on": "1999-12-31"}, "assigned_on"),
        ({"deadline": "9999-12-31"}, "deadline"),
        ({"deadline": "2101-01-01"}, "deadline"),
    ],
)
def test_a_task_date_outside_2000_to_2100_is_refused(
    api_as, coordinator, document, unit, today, changes, field
):
    response = api_as(coordinator).post(URL, _new_task(**changes), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Task.objects.exists()


def test_the_last_day_of_2100_is_a_deadline_like_any_other(
    api_as, coordinator, document, unit, today
):
    response = api_as(coordinator).post(URL, _new_task(deadline="2100-12-31"), format="json")
    assert response.status_code == 201


def test_a_completion_day_outside_the_range_is_refused(api_as, staff, own_task):
    change = {"status": "completed", "completed_on": "0001-01-01"}
    response = api_as(staff).patch(f"{URL}{own_task.pk}/", change, format="json")
    assert response.status_code == 400
    assert "completed_on" in response.json()


def test_an_extension_to_a_day_outside_the_range_is_refused(api_as, staff, own_task):
    asked = {"task": own_task.pk, "requested_deadline": "9999-12-31", "reason": "Chờ"}
    response = api_as(staff).post("/api/v1/extensions/", asked, format="json")
    assert response.status_code == 400
    assert "requested_deadline" in response.json()
    assert not Extension.objects.exists()


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01"])
def test_a_summary_as_of_a_day_outside_the_range_is_refused(api_as, leader, as_of):
    response = api_as(leader).get("/api/v1/summary/", {"as_of": as_of})
    assert response.status_code == 400
    assert "as_of" in response.json()


@pytest.mark.parametrize(
    "moment", ["2025-09-29T00:00:00-16:00", "2025-09-29T00:00:00+23:59", "2025-09-29T08:00:00"]
)
def test_updated_since_takes_any_offset(api_as, coordinator, own_task, moment):
    response = api_as(coordinator).get(URL, {"updated_since": moment})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+07:00", "9999-12-31T23:59:59-16:00", "2025-09-29T25:00"]
)
def test_updated_since_outside_the_range_or_malformed_is_refused(api_as, coordinator, moment):
    response = api_as(coordinator).get(URL, {"updated_since": moment})
    assert response.status_code == 400
    assert "updated_since" in response.json()


def test_updated_since_with_a_far_offset_compares_the_same_moment(api_as, coordinator, own_task):
    """-16:00 on the 29th is 16:00 UTC on the 29th: the task changed on the 30th is found."""
    found = api_as(coordinator).get(URL, {"updated_since": "2025-09-29T00:00:00-16:00"})
    assert [task["id"] for task in found.json()["results"]] == [own_task.pk]


@pytest.mark.parametrize("method", ["post", "patch"])
def test_json_nested_100000_deep_is_bad_input(api_as, coordinator, own_task, method):
    deep = "[" * 100_000 + "]" * 100_000
    url = URL if method == "post" else f"{URL}{own_task.pk}/"
    response = getattr(api_as(coordinator), method)(url, deep, content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_a_note_at_the_limit_is_kept(api_as, staff, own_task):
    note = "n" * NOTE_MAX_LENGTH
    response = api_as(staff).patch(f"{URL}{own_task.pk}/", {"note": note}, format="json")
    assert response.status_code == 200
    assert TaskChange.objects.get(task=own_task, field="note").note == note


def test_a_note_past_the_limit_is_refused(api_as, staff, own_task):
    note = "n" * (NOTE_MAX_LENGTH + 1)
    response = api_as(staff).patch(f"{URL}{own_task.pk}/", {"note": note}, format="json")
    assert response.status_code == 400
    assert "note" in response.json()
    assert not TaskChange.objects.filter(task=own_task).exists()
