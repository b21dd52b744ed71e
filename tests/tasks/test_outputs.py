"""A task's expected output (sản phẩm đầu ra): the completion report describes or attaches
it, the coordinator's confirmation checks it (issue 15)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tasks.services import task_confirm_completion, task_create, task_report_progress, task_update
from tests.factories import DocumentFactory
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db
PROPOSAL = "Đề án trình Thành ủy"


@pytest.fixture
def task(today, coordinator, unit):
    return task_create(
        user=coordinator,
        document=DocumentFactory(),
        title="Xây dựng đề án chuyển đổi số",
        lead_unit=unit,
        assigned_on=date(2025, 1, 10),
        deadline=date(2025, 12, 31),
        expected_output=PROPOSAL,
    )


def complete(user, task, **fields):
    return task_report_progress(user=user, task=task, status="completed", percent=100, **fields)


def test_a_task_names_its_expected_output(task):
    assert task.expected_output == PROPOSAL


def test_completing_without_the_output_is_refused(staff, task):
    with pytest.raises(ValidationError) as error:
        complete(staff, task)
    assert PROPOSAL in error.value.message_dict["output"][0]


def test_completing_with_the_output_described_keeps_it_in_the_history(staff, task):
    done = complete(staff, task, output="Đề án số 12-ĐA/SKHCN đã trình ngày 25/9")
    assert done.output_delivered == "Đề án số 12-ĐA/SKHCN đã trình ngày 25/9"
    assert done.changes.filter(field="output").get().after == done.output_delivered


def test_completing_with_the_output_attached(staff, task):
    upload = SimpleUploadedFile("de-an.pdf", pdf_bytes(), content_type="application/pdf")
    assert complete(staff, task, evidence=[upload]).status == "completed"


def test_a_task_without_an_expected_output_completes_as_before(staff, coordinator, task):
    task_update(
        user=coordinator, task=task, title=task.title, deadline=task.deadline, expected_output=""
    )
    task.refresh_from_db()
    assert complete(staff, task).status == "completed"


def test_the_coordinator_confirms_a_completion_with_its_output(staff, coordinator, task):
    done = complete(staff, task, output="Đề án đã trình")
    assert task_confirm_completion(user=coordinator, task=done).completion_confirmed_at


def test_a_completion_without_its_output_cannot_be_confirmed(staff, coordinator, task):
    task_update(
        user=coordinator, task=task, title=task.title, deadline=task.deadline, expected_output=""
    )
    task.refresh_from_db()
    done = complete(staff, task)
    task_update(
        user=coordinator,
        task=done,
        title=task.title,
        deadline=task.deadline,
        expected_output=PROPOSAL,
    )
    done.refresh_from_db()
    with pytest.raises(ValidationError):
        task_confirm_completion(user=coordinator, task=done)


def test_the_api_reports_the_output_with_the_completion(staff, task):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff)}")
    refused = client.patch(f"/api/v1/tasks/{task.pk}/", {"status": "completed"}, format="json")
    assert refused.status_code == 400 and "output" in refused.json()
    body = client.patch(
        f"/api/v1/tasks/{task.pk}/",
        {"status": "completed", "output": "Đề án đã trình"},
        format="json",
    ).json()
    assert (body["expected_output"], body["output_delivered"]) == (PROPOSAL, "Đề án đã trình")


def test_the_task_page_shows_the_expected_output_and_asks_for_it(client, staff, task):
    client.force_login(staff)
    page = client.get(f"/tasks/{task.pk}/").content.decode()
    assert PROPOSAL in page and 'name="output"' in page


def test_the_completion_form_takes_the_output(client, staff, task):
    client.force_login(staff)
    client.post(
        f"/tasks/{task.pk}/progress/",
        {
            "status": "completed",
            "percent": "100",
            "expected_version": task.version,
            "output": "Đề án số 12",
        },
        headers={"HX-Request": "true"},
    )
    task.refresh_from_db()
    assert (task.status, task.output_delivered) == ("completed", "Đề án số 12")
