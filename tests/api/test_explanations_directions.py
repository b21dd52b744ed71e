"""Explanation requests and directions through the API (issue 15)."""

from datetime import date

import pytest

from proposals.explanations import explanation_request
from tests.factories import TaskFactory


@pytest.fixture
def late(unit):
    return TaskFactory(lead_unit=unit, deadline=date(2025, 9, 1))


def test_a_leader_asks_and_the_unit_answers(today, api_as, leader, staff, late):
    asked = api_as(leader).post(
        "/api/v1/explanation-requests/",
        {"task": late.pk, "question": "Vì sao quá hạn?", "answer_by": "2025-10-07"},
        format="json",
    )
    assert asked.status_code == 201
    body = asked.json()
    assert (body["unit"], body["is_open"]) == ("DN-SKHCN", True)
    answered = api_as(staff).post(
        f"/api/v1/explanation-requests/{body['id']}/answer/",
        {"answer": "Chờ kinh phí"},
        format="json",
    )
    assert (answered.status_code, answered.json()["is_open"]) == (200, False)


def test_asking_about_a_task_on_time_is_a_400(today, api_as, leader, unit):
    task = TaskFactory(lead_unit=unit, deadline=date(2025, 12, 31))
    response = api_as(leader).post(
        "/api/v1/explanation-requests/",
        {"task": task.pk, "question": "?", "answer_by": "2025-10-07"},
        format="json",
    )
    assert response.status_code == 400 and "task" in response.json()


def test_staff_list_their_units_open_requests(today, api_as, leader, staff, late):
    explanation_request(user=leader, task=late, question="?", answer_by=date(2025, 10, 7))
    rows = api_as(staff).get("/api/v1/explanation-requests/", {"open": "true"}).json()
    assert [row["task"] for row in rows["results"]] == [late.pk]


def test_staff_do_not_ask(today, api_as, staff, late):
    response = api_as(staff).post(
        "/api/v1/explanation-requests/",
        {"task": late.pk, "question": "?", "answer_by": "2025-10-07"},
        format="json",
    )
    assert response.status_code == 403


def test_a_leader_gives_a_direction_and_staff_read_it(today, api_as, leader, staff, late):
    given = api_as(leader).post(
        "/api/v1/directions/", {"task": late.pk, "text": "Khẩn trương"}, format="json"
    )
    assert given.status_code == 201
    rows = api_as(staff).get("/api/v1/directions/").json()["results"]
    assert [row["text"] for row in rows] == ["Khẩn trương"]


def test_a_direction_on_a_document(today, api_as, leader, late):
    given = api_as(leader).post(
        "/api/v1/directions/",
        {"document": late.document.code, "text": "Tập trung nguồn lực"},
        format="json",
    )
    assert (given.status_code, given.json()["document"]) == (201, late.document.code)


def test_staff_do_not_give_directions(today, api_as, staff, late):
    response = api_as(staff).post(
        "/api/v1/directions/", {"task": late.pk, "text": "x"}, format="json"
    )
    assert response.status_code == 403


@pytest.mark.parametrize("rows", [1, 6])
def test_the_lists_run_a_fixed_number_of_queries(
    today, api_as, leader, unit, rows, django_assert_num_queries
):
    from directions.services import direction_give

    for _ in range(rows):
        task = TaskFactory(lead_unit=unit, deadline=date(2025, 9, 1))
        explanation_request(user=leader, task=task, question="?", answer_by=date(2025, 10, 7))
        direction_give(user=leader, task=task, text="Đôn đốc")
    client = api_as(leader)
    # token with its user and membership, count, page
    with django_assert_num_queries(4):
        assert client.get("/api/v1/explanation-requests/").json()["count"] == rows
    with django_assert_num_queries(2):  # the token now known from the cache
        assert client.get("/api/v1/directions/").json()["count"] == rows
