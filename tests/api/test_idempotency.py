"""The API honours `Idempotency-Key` (issue 19): a retried PATCH or extension request is
answered with the first result and recorded once."""

from datetime import date

import pytest

from tasks.models import Extension, TaskChange
from tests.factories import DocumentFactory, TaskFactory

TASKS = "/api/v1/tasks/"
EXTENSIONS = "/api/v1/extensions/"


@pytest.fixture
def own_task(today, unit):
    return TaskFactory(document=DocumentFactory(), lead_unit=unit, deadline=date(2025, 12, 31))


def patch(client, task, key, **headers):
    return client.patch(
        f"{TASKS}{task.pk}/",
        {"status": "in_progress", "percent": 40},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
        **headers,
    )


def test_a_patch_sent_twice_with_one_key_is_recorded_once(api_as, staff, own_task):
    client = api_as(staff)
    patch(client, own_task, "p-1")
    response = patch(client, own_task, "p-1")
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert TaskChange.objects.filter(task=own_task, field="percent").count() == 1


def test_a_retried_patch_with_the_if_match_it_was_sent_with_is_not_412(api_as, staff, own_task):
    client = api_as(staff)
    patch(client, own_task, "p-1", HTTP_IF_MATCH='"1"')
    response = patch(client, own_task, "p-1", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200
    assert TaskChange.objects.filter(task=own_task, field="percent").count() == 1


def test_a_stale_if_match_with_a_new_key_is_still_412(api_as, staff, own_task):
    client = api_as(staff)
    patch(client, own_task, "p-1", HTTP_IF_MATCH='"1"')
    response = patch(client, own_task, "p-2", HTTP_IF_MATCH='"1"')
    assert response.status_code == 412


def test_an_extension_request_sent_twice_with_one_key_asks_once(api_as, staff, own_task):
    client = api_as(staff)
    body = {"task": own_task.pk, "requested_deadline": "2026-03-31", "reason": "Chờ kinh phí"}
    first = client.post(EXTENSIONS, body, format="json", HTTP_IDEMPOTENCY_KEY="e-1")
    again = client.post(EXTENSIONS, body, format="json", HTTP_IDEMPOTENCY_KEY="e-1")
    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert Extension.objects.filter(task=own_task).count() == 1
