"""The rules of a document in its service, and documents told apart: numbers restart each
term, so a code may recur; a second one is created only once the coordinator confirms, and
every page and the API name a document by code and issue year."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from resolutions.models import Document
from resolutions.services import document_create, document_update
from tests.factories import DocumentFactory, TaskFactory

pytestmark = pytest.mark.django_db
SAME = "Văn bản 57-NQ/TW ban hành ngày 22/12/2024 đã có."


def new(user, **kwargs):
    values = {"code": "57-NQ/TW", "issued_on": date(2024, 12, 22), "title": "Nghị quyết 57"}
    return document_create(user=user, **{**values, **kwargs})


def refused(user, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        new(user, **kwargs)
    return error.value.message_dict


def test_a_document_issued_after_today_is_refused(today, coordinator):
    errors = refused(coordinator, issued_on=date(2030, 1, 1))
    assert errors["issued_on"] == ["Ngày ban hành không được sau ngày hôm nay."]
    assert not Document.objects.exists()


def test_a_document_issued_before_2000_is_refused(today, coordinator):
    errors = refused(coordinator, issued_on=date(1999, 1, 1))
    assert errors["issued_on"] == ["Ngày ban hành phải trong khoảng 01/01/2000 – 31/12/2100."]


def test_a_horizon_before_the_issue_date_is_refused(today, coordinator):
    errors = refused(coordinator, horizon=date(2024, 1, 1))
    assert errors["horizon"] == ["Mốc thời gian phải sau ngày ban hành."]
    assert not Document.objects.exists()


def test_a_horizon_after_2100_is_refused(today, coordinator):
    errors = refused(coordinator, horizon=date(2200, 1, 1))
    assert "horizon" in errors


def test_an_update_to_a_future_issue_date_is_refused(today, coordinator):
    document = new(coordinator)
    with pytest.raises(ValidationError) as error:
        document_update(
            user=coordinator,
            document=document,
            code=document.code,
            issued_on=date(2026, 1, 1),
            title=document.title,
        )
    assert "issued_on" in error.value.message_dict
    document.refresh_from_db()
    assert document.issued_on == date(2024, 12, 22)


@pytest.mark.parametrize("code", ["57-NQ/TW", "57-nq/tw"])
def test_an_exact_or_lower_case_duplicate_gets_the_same_clear_message(today, coordinator, code):
    new(coordinator)
    assert refused(coordinator, code=code)["code"] == [SAME]
    assert Document.objects.count() == 1


def test_the_same_code_on_another_day_asks_for_confirmation(today, coordinator):
    new(coordinator)
    errors = refused(coordinator, issued_on=date(2019, 5, 1))
    assert "xác nhận" in errors["code"][0]
    assert Document.objects.count() == 1


def test_a_confirmed_duplicate_code_is_created(today, coordinator):
    new(coordinator)
    other = new(coordinator, issued_on=date(2019, 5, 1), confirm_duplicate=True)
    assert (other.label, other.reference) == ("57-NQ/TW (2019)", "57-NQ/TW@2019")


def test_editing_a_document_that_shares_its_code_asks_nothing_again(today, coordinator):
    new(coordinator)
    other = new(coordinator, issued_on=date(2019, 5, 1), confirm_duplicate=True)
    renamed = document_update(
        user=coordinator,
        document=other,
        code=other.code,
        issued_on=other.issued_on,
        title="Nghị quyết cũ",
    )
    assert renamed.title == "Nghị quyết cũ"


def test_the_form_links_the_existing_document_and_offers_to_confirm(client, today, coordinator):
    existing = new(coordinator)
    client.force_login(coordinator)
    data = {"code": "57-nq/tw", "issued_on": "2019-05-01", "title": "Nghị quyết khác"}
    html = client.post(reverse("resolutions:new"), data).content.decode()
    assert reverse("reports:document", args=[existing.pk]) in html
    assert "57-NQ/TW (2024)" in html
    data["confirm_duplicate"] = "on"
    client.post(reverse("resolutions:new"), data)
    assert Document.objects.filter(code="57-NQ/TW").count() == 2


def test_pages_tell_two_documents_of_one_code_apart(client, today, coordinator, leader):
    new(coordinator)
    new(coordinator, issued_on=date(2019, 5, 1), confirm_duplicate=True)
    client.force_login(leader)
    html = client.get(reverse("home")).content.decode()
    assert "57-NQ/TW (2024)" in html and "57-NQ/TW (2019)" in html


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0]}")
    return client


@pytest.fixture
def two_57(today):
    return (
        DocumentFactory(code="57-NQ/TW", issued_on=date(2024, 12, 22)),
        DocumentFactory(code="57-NQ/TW", issued_on=date(2019, 5, 1)),
    )


def test_an_ambiguous_code_is_a_400_listing_how_to_name_each(leader, two_57):
    response = api_for(leader).get("/api/v1/summary/", {"document": "57-NQ/TW"})
    assert response.status_code == 400
    message = response.json()["document"][0]
    assert "57-NQ/TW@2019" in message and "57-NQ/TW@2024" in message


@pytest.mark.parametrize("name", ["57-NQ/TW@2024", "57-nq/tw@2024", "id"])
def test_a_document_named_by_code_and_year_or_by_id_is_one(leader, unit, two_57, name):
    recent, older = two_57
    TaskFactory(document=recent, lead_unit=unit)
    TaskFactory.create_batch(2, document=older, lead_unit=unit)
    named = str(recent.pk) if name == "id" else name
    body = api_for(leader).get("/api/v1/summary/", {"document": named}).json()
    assert body["total"] == 1


def test_the_task_list_filter_takes_a_code_and_year(leader, unit, two_57):
    recent, older = two_57
    TaskFactory(document=recent, lead_unit=unit)
    TaskFactory(document=older, lead_unit=unit)
    body = api_for(leader).get("/api/v1/tasks/", {"document": "57-NQ/TW@2019"}).json()
    assert [row["document_reference"] for row in body["results"]] == ["57-NQ/TW@2019"]
    assert api_for(leader).get("/api/v1/tasks/", {"document": "57-NQ/TW"}).json()["count"] == 2


def test_creating_a_document_through_the_api_asks_to_confirm_a_recurring_code(coordinator, two_57):
    payload = {"code": "57-NQ/TW", "issued_on": "2023-01-05", "title": "Nghị quyết"}
    refused_ = api_for(coordinator).post("/api/v1/documents/", payload, format="json")
    assert refused_.status_code == 400
    created = api_for(coordinator).post(
        "/api/v1/documents/", {**payload, "confirm_duplicate": True}, format="json"
    )
    assert created.json()["reference"] == "57-NQ/TW@2023"
