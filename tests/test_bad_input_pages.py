"""Hostile or mistaken input on the pages: a clear notice or the form's error, never a
server error; the web and the API share the limits of tracker/limits.py."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tasks.models import Extension, Task, TaskChange
from tasks.services import task_report_progress, task_update
from tests.factories import DocumentFactory, TaskFactory
from tracker.limits import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH

HTMX = {"HX-Request": "true"}
LONG_TITLE = "Chuyển đổi số " * 35 + "x" * 10  # 500 characters


@pytest.fixture
def task(today, unit):
    return TaskFactory(lead_unit=unit, status=Task.Status.IN_PROGRESS, percent=10)


def _pages(task: Task) -> list[str]:
    return [
        reverse("home"),
        reverse("reports:document", args=[task.document_id]),
        reverse("reports:unit", args=[task.lead_unit_id]),
        reverse("reports:tasks"),
    ]


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01", "2101-01-01"])
@pytest.mark.parametrize("page", range(4))
def test_a_day_outside_the_range_on_a_dashboard_gives_a_notice(client, leader, task, as_of, page):
    client.force_login(leader)
    response = client.get(_pages(task)[page], {"as_of": as_of})
    assert response.status_code == 200
    assert b'data-testid="as-of-notice"' in response.content


def test_the_notice_comes_with_the_figures_swapped_by_htmx(client, leader, task):
    client.force_login(leader)
    url = reverse("reports:document", args=[task.document_id])
    response = client.get(url, {"as_of": "9999-12-31"}, headers=HTMX)
    assert b'data-testid="as-of-notice"' in response.content


def test_a_day_in_the_range_gives_no_notice(client, leader, task):
    client.force_login(leader)
    response = client.get(reverse("home"), {"as_of": "2025-06-30"})
    assert b'data-testid="as-of-notice"' not in response.content


def test_a_task_of_500_characters_is_created_on_the_page(client, coordinator, today, unit):
    client.force_login(coordinator)
    data = {
        "document": DocumentFactory().pk,
        "title": LONG_TITLE,
        "lead_units": [unit.pk],
        "assigned_on": "2025-09-01",
        "deadline": "2025-12-31",
    }
    response = client.post(reverse("tasks:new"), data)
    assert response.status_code == 302
    assert TaskChange.objects.get(field="created").after == LONG_TITLE


def test_a_title_edited_to_500_characters_is_recorded_whole(client, coordinator, task):
    client.force_login(coordinator)
    data = {"title": LONG_TITLE, "deadline": "2025-12-31", "expected_version": task.version}
    response = client.post(reverse("tasks:edit", args=[task.pk]), data)
    assert response.status_code == 302
    change = TaskChange.objects.get(task=task, field="title")
    assert (change.before, change.after) == (task.title, LONG_TITLE)


def test_an_extension_to_a_day_outside_the_range_is_refused_on_the_page(client, staff, task):
    client.force_login(staff)
    data = {"requested_deadline": "9999-12-31", "reason": "Chờ kinh phí"}
    url = reverse("tasks:extension_request", args=[task.pk])
    response = client.post(url, data, headers=HTMX)
    assert response.status_code == 200
    assert not Extension.objects.exists()


def test_a_web_note_past_the_shared_limit_is_refused(client, staff, task):
    client.force_login(staff)
    data = {"status": "in_progress", "percent": 20, "expected_version": task.version}
    data["note"] = "n" * (NOTE_MAX_LENGTH + 1)
    response = client.post(reverse("tasks:progress", args=[task.pk]), data, headers=HTMX)
    assert response.status_code == 200
    assert Task.objects.get(pk=task.pk).percent == 10


def test_the_service_refuses_a_note_past_the_limit_whoever_calls_it(staff, task):
    with pytest.raises(ValidationError) as refused:
        task_report_progress(user=staff, task=task, note="n" * (NOTE_MAX_LENGTH + 1))
    assert "note" in refused.value.message_dict


def test_a_web_description_past_the_shared_limit_is_refused(client, coordinator, today, unit):
    client.force_login(coordinator)
    data = {
        "document": DocumentFactory().pk,
        "title": "Rà soát thủ tục",
        "description": "d" * (DESCRIPTION_MAX_LENGTH + 1),
        "lead_units": [unit.pk],
        "assigned_on": "2025-09-01",
    }
    response = client.post(reverse("tasks:new"), data)
    assert response.status_code == 200
    assert not Task.objects.exists()


def test_the_service_refuses_a_description_past_the_limit(coordinator, task):
    with pytest.raises(ValidationError) as refused:
        task_update(
            user=coordinator,
            task=task,
            title=task.title,
            description="d" * (DESCRIPTION_MAX_LENGTH + 1),
            deadline=task.deadline,
        )
    assert "description" in refused.value.message_dict
