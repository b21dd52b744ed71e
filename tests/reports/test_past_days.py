"""A dashboard's day: a day after today shows today's figures with a notice, a day before
the first task an empty page, never an error; a past day says when its figures were
corrected after the snapshot recorded them."""

from datetime import date

import pytest
from django.urls import reverse

from reports.services import daily_snapshot_record
from tasks.cancellation import task_cancel
from tasks.models import Task
from tasks.services import task_report_progress, task_send_back
from tests.factories import DocumentFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(today, unit):
    document = DocumentFactory()
    TaskFactory.create_batch(2, document=document, lead_unit=unit)
    return document


def dashboard(client, document, as_of) -> str:
    response = client.get(reverse("reports:document", args=[document.pk]), {"as_of": as_of})
    assert response.status_code == 200
    return response.content.decode()


def test_a_day_after_today_shows_todays_figures_with_a_notice(client, leader, document):
    client.force_login(leader)
    html = dashboard(client, document, "2030-01-01")
    assert 'data-testid="as-of-notice"' in html
    assert "01/01/2030" in html
    assert "30/09/2025" in html


def test_a_day_before_the_first_task_is_an_empty_page(client, leader, document):
    client.force_login(leader)
    html = dashboard(client, document, "2001-03-01")
    assert 'data-testid="as-of-notice"' not in html
    assert 'data-figure="total">0<' in html


def test_a_day_before_2000_is_no_error(client, leader, document):
    client.force_login(leader)
    assert 'data-testid="as-of-notice"' in dashboard(client, document, "0001-01-01")


def test_the_home_page_with_a_future_day_shows_the_notice(client, leader, document):
    client.force_login(leader)
    html = client.get(reverse("home"), {"as_of": "2099-12-31"}).content.decode()
    assert 'data-testid="as-of-notice"' in html


def test_the_summary_api_answers_todays_figures_for_a_future_day(leader, document):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=leader)}")
    body = client.get("/api/v1/summary/", {"as_of": "2030-01-01"}).json()
    assert (body["as_of"], body["total"]) == ("2025-09-30", 2)
    assert body["as_of_notice"]


def test_a_past_day_matching_its_snapshot_has_no_correction_notice(client, leader, document):
    daily_snapshot_record(day=date(2025, 9, 1))
    client.force_login(leader)
    assert 'data-testid="correction"' not in dashboard(client, document, "2025-09-01")


def test_a_sent_back_completion_shows_as_a_correction_of_the_past_day(
    client, leader, coordinator, staff, document
):
    task = Task.objects.filter(document=document).first()
    day = date(2025, 8, 1)
    task_report_progress(user=staff, task=task, status="completed", percent=100, on=day)
    daily_snapshot_record(day=date(2025, 9, 1))
    task_send_back(user=coordinator, task=task, note="Thiếu hồ sơ")
    client.force_login(leader)
    html = dashboard(client, document, "2025-09-01")
    assert "Số liệu đã điều chỉnh sau ngày 01/09/2025" in html
    assert "đã hoàn thành 1 → 0 (-1)" in html


def test_a_cancellation_today_leaves_the_past_day_as_its_snapshot(
    client, leader, coordinator, document
):
    daily_snapshot_record(day=date(2025, 9, 1))
    task_cancel(user=coordinator, task=Task.objects.filter(document=document).first(), reason="x")
    client.force_login(leader)
    past = dashboard(client, document, "2025-09-01")
    assert 'data-testid="correction"' not in past
    assert 'data-figure="total">2<' in past
    today = dashboard(client, document, "2025-09-30")
    assert 'data-figure="total">1<' in today
    assert 'data-testid="cancelled"' in today
