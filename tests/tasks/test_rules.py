"""Every rule on the dates of a task lives in the service that writes it, so the web, the
API, the admin and background jobs obey it; each bad input is refused with a Vietnamese
message naming the field, and nothing is saved."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tasks.models import Extension, Task, TaskChange
from tasks.services import (
    extension_approve,
    extension_request,
    task_create,
    task_report_progress,
    task_update,
)
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def refused(call, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    return error.value.message_dict


def new_task(coordinator, unit, **dates):
    return dict(
        user=coordinator,
        document=DocumentFactory(),
        title="Số hóa hồ sơ",
        lead_unit=unit,
        **{"assigned_on": date(2025, 1, 10), "deadline": date(2025, 12, 31), **dates},
    )


def test_an_assigned_date_before_2000_is_refused(today, coordinator, unit):
    errors = refused(task_create, **new_task(coordinator, unit, assigned_on=date(1999, 12, 31)))
    assert errors["assigned_on"] == ["Ngày giao phải trong khoảng 01/01/2000 – 31/12/2100."]
    assert not Task.objects.exists()


def test_a_deadline_after_2100_is_refused(today, coordinator, unit):
    errors = refused(task_create, **new_task(coordinator, unit, deadline=date(2101, 1, 1)))
    assert errors["deadline"] == ["Hạn hoàn thành phải trong khoảng 01/01/2000 – 31/12/2100."]
    assert not Task.objects.exists()


def test_an_edited_deadline_after_2100_is_refused(task, coordinator):
    errors = refused(
        task_update, user=coordinator, task=task, title=task.title, deadline=date(2150, 1, 1)
    )
    assert "deadline" in errors
    task.refresh_from_db()
    assert task.deadline == date(2025, 12, 31)


def report(task, user, **kwargs):
    return dict(user=user, task=task, **{"status": "completed", "percent": 100, **kwargs})


def test_a_completion_date_in_the_future_is_refused(task, staff):
    errors = refused(task_report_progress, **report(task, staff, completed_on=date(2025, 10, 1)))
    assert errors["completed_on"] == ["Ngày hoàn thành không được sau ngày hôm nay."]
    assert Task.objects.get(pk=task.pk).status == Task.Status.NOT_STARTED


def test_a_completion_date_before_the_assigned_date_is_refused(task, staff):
    errors = refused(task_report_progress, **report(task, staff, completed_on=date(2025, 1, 9)))
    assert errors["completed_on"] == ["Ngày hoàn thành không được trước ngày giao."]
    assert not TaskChange.objects.filter(field="status").exists()


def test_a_completion_date_for_a_task_not_completed_is_refused(task, staff):
    kwargs = report(task, staff, status="in_progress", percent=40, completed_on=date(2025, 9, 1))
    errors = refused(task_report_progress, **kwargs)
    assert errors["completed_on"] == ["Chỉ nhiệm vụ đã hoàn thành mới có ngày hoàn thành."]
    assert Task.objects.get(pk=task.pk).percent == 0


def test_a_completion_on_a_given_day_is_kept(task, staff):
    done = task_report_progress(**report(task, staff, completed_on=date(2025, 9, 1)))
    assert done.completed_on == date(2025, 9, 1)


def test_a_requested_deadline_after_2100_is_refused(task, staff):
    errors = refused(
        extension_request, user=staff, task=task, requested_deadline=date(2101, 1, 1), reason="x"
    )
    assert "requested_deadline" in errors
    assert not Extension.objects.exists()


def test_a_decision_date_in_the_future_is_refused(task, staff, coordinator):
    extension = extension_request(
        user=staff, task=task, requested_deadline=date(2026, 6, 30), reason="x"
    )
    errors = refused(extension_approve, user=coordinator, extension=extension, on=date(2025, 10, 1))
    assert errors["decided_on"] == ["Ngày quyết định không được sau ngày hôm nay."]
    extension.refresh_from_db()
    assert extension.status == Extension.Status.PENDING
    assert Task.objects.get(pk=task.pk).deadline == date(2025, 12, 31)


def test_a_decision_date_in_the_future_is_a_400_through_the_api(task, staff, coordinator):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    extension = extension_request(
        user=staff, task=task, requested_deadline=date(2026, 6, 30), reason="x"
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=coordinator)}")
    response = client.post(
        f"/api/v1/extensions/{extension.pk}/approve/", {"decided_on": "2025-10-01"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["decided_on"] == ["Ngày quyết định không được sau ngày hôm nay."]


def test_a_completion_date_in_the_future_is_a_400_through_the_api(task, staff):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff)}")
    response = client.patch(
        f"/api/v1/tasks/{task.pk}/",
        {"status": "completed", "completed_on": "2025-10-01"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["completed_on"] == ["Ngày hoàn thành không được sau ngày hôm nay."]
