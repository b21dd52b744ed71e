"""The history's field names are one set of choices: the services write them, the
timeline and the API read their labels and value kinds from it."""

import pytest
from django.urls import reverse

from tasks.cancellation import task_cancel
from tasks.models import TaskChange
from tasks.templatetags.task_tags import change_label, change_value

pytestmark = pytest.mark.django_db


def test_every_field_the_services_write_is_one_of_the_choices(task, staff, coordinator):
    from tasks.services import task_report_progress

    task_report_progress(user=staff, task=task, status="in_progress", percent=20, note="x")
    task_cancel(user=coordinator, task=task, reason="Trùng")
    written = set(TaskChange.objects.values_list("field", flat=True))
    assert written <= set(TaskChange.Field.values)


def test_the_timeline_reads_labels_and_value_kinds_from_the_choices():
    assert change_label("cancelled_on") == "Ngày dừng thực hiện"
    assert change_value("2025-06-02", "cancelled_on") == "02/06/2025"
    assert change_value("cancel", "request") == "Dừng thực hiện"


def test_the_api_history_carries_the_label(client, task, staff):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff)}")
    rows = api.get(f"/api/v1/tasks/{task.pk}/history/").json()["results"]
    assert (rows[0]["field"], rows[0]["field_label"]) == ("created", "Được giao")
    client.force_login(staff)
    assert client.get(reverse("tasks:detail", args=[task.pk])).status_code == 200
