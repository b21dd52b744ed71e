"""The lifecycle through its other doors: the web forms and the API refuse and allow what
the service does (tests/tasks/test_lifecycle.py), with the same messages."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tasks.cancellation import change_request_create
from tasks.models import ChangeRequest, Task
from tasks.services import task_report_progress

pytestmark = pytest.mark.django_db
Status = Task.Status
HTMX = {"HX-Request": "true"}
STAFF_CANNOT_CANCEL = "Cán bộ đơn vị không được dừng thực hiện nhiệm vụ"
API = "/api/v1/tasks/"


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0]}")
    return client


@pytest.fixture
def completed(task, staff):
    task_report_progress(user=staff, task=task, status="in_progress", percent=60)
    return task_report_progress(user=staff, task=task, status="completed", percent=100)


def _status(task) -> str:
    return Task.objects.get(pk=task.pk).status


# The web forms ---------------------------------------------------------------------------


def test_staff_choosing_cancelled_in_the_progress_form_is_refused_with_the_message(
    client, staff, task
):
    client.force_login(staff)
    data = {"status": "cancelled", "percent": 0, "note": "", "expected_version": task.version}
    response = client.post(reverse("tasks:progress", args=[task.pk]), data, headers=HTMX)
    assert STAFF_CANNOT_CANCEL in response.content.decode()
    assert _status(task) == Status.NOT_STARTED


def test_the_progress_form_offers_staff_no_cancelled_status(client, staff, task):
    client.force_login(staff)
    html = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert 'value="cancelled"' not in html
    assert 'data-testid="cancel"' not in html
    assert 'data-testid="change-request"' in html


def test_staff_posting_the_cancel_form_is_forbidden(client, staff, task):
    client.force_login(staff)
    response = client.post(reverse("tasks:cancel", args=[task.pk]), {"reason": "x"})
    assert response.status_code == 403
    assert _status(task) == Status.NOT_STARTED


def test_coordinator_cancels_through_the_form(client, coordinator, task, today):
    client.force_login(coordinator)
    data = {"reason": "Trùng nhiệm vụ", "on": "2025-09-01"}
    client.post(reverse("tasks:cancel", args=[task.pk]), data, headers=HTMX)
    task.refresh_from_db()
    assert (task.status, task.cancelled_on) == (Status.CANCELLED, date(2025, 9, 1))


def test_the_cancel_form_shows_the_missing_reason(client, coordinator, task):
    client.force_login(coordinator)
    response = client.post(reverse("tasks:cancel", args=[task.pk]), {"reason": " "}, headers=HTMX)
    assert 'data-testid="cancel" open' in response.content.decode()
    assert _status(task) == Status.NOT_STARTED


def test_not_started_at_fifty_percent_is_refused_in_the_form(client, staff, task):
    client.force_login(staff)
    data = {"status": "not_started", "percent": 50, "note": "", "expected_version": task.version}
    response = client.post(reverse("tasks:progress", args=[task.pk]), data, headers=HTMX)
    assert "Nhiệm vụ chưa triển khai phải ở mức 0%." in response.content.decode()
    assert Task.objects.get(pk=task.pk).percent == 0


def test_send_back_through_the_form_returns_the_percent_before(client, coordinator, completed):
    client.force_login(coordinator)
    data = {"action": "send_back", "note": "Thiếu hồ sơ"}
    client.post(reverse("tasks:completion", args=[completed.pk]), data, headers=HTMX)
    completed.refresh_from_db()
    assert (completed.status, completed.percent) == (Status.IN_PROGRESS, 60)


def test_reopen_through_the_form(client, coordinator, completed):
    client.force_login(coordinator)
    client.post(reverse("tasks:reopen", args=[completed.pk]), {"note": "Chưa đạt"}, headers=HTMX)
    assert _status(completed) == Status.IN_PROGRESS


def test_staff_may_not_reopen_through_the_form(client, staff, completed):
    client.force_login(staff)
    response = client.post(reverse("tasks:reopen", args=[completed.pk]), {"note": "x"})
    assert response.status_code == 403


def test_the_extension_form_is_not_offered_on_a_completed_task(client, staff, completed):
    client.force_login(staff)
    html = client.get(reverse("tasks:detail", args=[completed.pk])).content.decode()
    assert reverse("tasks:extension_request", args=[completed.pk]) not in html


def test_staff_ask_to_stop_through_the_form_and_it_waits_in_the_review_queue(
    client, staff, coordinator, task
):
    client.force_login(staff)
    data = {"kind": "cancel", "reason": "Không còn phù hợp"}
    client.post(reverse("tasks:change_request", args=[task.pk]), data, headers=HTMX)
    assert ChangeRequest.objects.get().reason == "Không còn phù hợp"
    client.force_login(coordinator)
    html = client.get(reverse("tasks:review")).content.decode()
    assert "Không còn phù hợp" in html


def test_coordinator_approves_a_stop_request_in_the_review_queue(client, staff, coordinator, task):
    change = change_request_create(user=staff, task=task, kind="cancel", reason="x")
    client.force_login(coordinator)
    response = client.post(
        reverse("tasks:change_decide", args=[change.pk]), {"action": "approve"}, headers=HTMX
    )
    assert 'data-testid="decision"' in response.content.decode()
    assert _status(task) == Status.CANCELLED


# The API ---------------------------------------------------------------------------------


def test_staff_cancelling_through_the_api_is_forbidden_with_the_message(staff, task):
    response = api_for(staff).post(f"{API}{task.pk}/cancel/", {"reason": "x"}, format="json")
    assert response.status_code == 403
    assert STAFF_CANNOT_CANCEL in response.json()["detail"]
    assert _status(task) == Status.NOT_STARTED


def test_staff_patching_the_cancelled_status_is_forbidden_with_the_message(staff, task):
    response = api_for(staff).patch(f"{API}{task.pk}/", {"status": "cancelled"}, format="json")
    assert response.status_code == 403
    assert STAFF_CANNOT_CANCEL in response.json()["detail"]


def test_coordinator_cancels_through_the_api_from_a_day(coordinator, task, today):
    response = api_for(coordinator).post(
        f"{API}{task.pk}/cancel/",
        {"reason": "Trùng", "cancelled_on": "2025-08-01"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert Task.objects.get(pk=task.pk).cancelled_on == date(2025, 8, 1)


def test_not_started_at_fifty_percent_is_a_400_naming_percent(staff, task):
    response = api_for(staff).patch(
        f"{API}{task.pk}/", {"status": "not_started", "percent": 50}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["percent"] == ["Nhiệm vụ chưa triển khai phải ở mức 0%."]


def test_confirm_and_send_back_through_the_api(coordinator, staff, completed):
    assert api_for(staff).post(f"{API}{completed.pk}/confirm/").status_code == 403
    response = api_for(coordinator).post(
        f"{API}{completed.pk}/send-back/", {"note": "Thiếu hồ sơ"}, format="json"
    )
    assert (response.json()["status"], response.json()["percent"]) == ("in_progress", 60)


def test_reopen_through_the_api(coordinator, staff, completed):
    assert api_for(coordinator).post(f"{API}{completed.pk}/confirm/").status_code == 200
    forbidden = api_for(staff).post(f"{API}{completed.pk}/reopen/", {"note": "x"}, format="json")
    assert forbidden.status_code == 403
    response = api_for(coordinator).post(
        f"{API}{completed.pk}/reopen/", {"note": "Chưa đạt"}, format="json"
    )
    assert response.json()["status"] == "in_progress"


def test_no_extension_request_on_a_completed_task_through_the_api(staff, completed):
    response = api_for(staff).post(
        "/api/v1/extensions/",
        {"task": completed.pk, "requested_deadline": "2026-06-01", "reason": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert Task.objects.get(pk=completed.pk).extensions.count() == 0


def test_change_requests_through_the_api(staff, coordinator, task):
    created = api_for(staff).post(
        "/api/v1/change-requests/",
        {"task": task.pk, "kind": "cancel", "reason": "Không còn phù hợp"},
        format="json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert api_for(staff).post(f"/api/v1/change-requests/{pk}/approve/").status_code == 403
    approved = api_for(coordinator).post(f"/api/v1/change-requests/{pk}/approve/")
    assert approved.json()["status"] == "approved"
    assert _status(task) == Status.CANCELLED
