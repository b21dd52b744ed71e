"""The audit trail for administrators: a page with filters, an Excel export, the API."""

from io import BytesIO

import pytest
import time_machine
from openpyxl import load_workbook

from accounts.models import AuditEvent

Action = AuditEvent.Action
API = "/api/v1/audit-events/"


@pytest.fixture
def events(db):
    with time_machine.travel("2025-09-01 09:00 +07:00", tick=False):
        AuditEvent.objects.create(action=Action.LOGIN, actor_name="boss", address="10.0.0.1")
    with time_machine.travel("2025-09-20 09:00 +07:00", tick=False):
        AuditEvent.objects.create(action=Action.LOGIN_FAILED, actor_name="clerk")
        AuditEvent.objects.create(action=Action.LOGIN, actor_name="clerk")


def shown_actions(response) -> list[str]:
    return [event["action"] for event in response.json()["results"]]


def test_the_audit_page_is_for_administrators_only(client, coordinator, leader):
    for user in (coordinator, leader):
        client.force_login(user)
        assert client.get("/accounts/audit/").status_code == 403


def test_the_audit_page_filters_by_who_what_and_when(client, administrator, events):
    client.force_login(administrator)
    page = client.get(
        "/accounts/audit/", {"actor": "clerk", "action": "login", "since": "2025-09-10"}
    ).content.decode()
    rows = page.split('data-testid="audit-events"')[1].split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("<tr>") == 1 and "clerk" in rows and "20/09/2025" in rows


def test_the_export_is_an_excel_workbook_of_the_filtered_events(client, administrator, events):
    client.force_login(administrator)
    response = client.get("/accounts/audit/export/", {"actor": "boss"})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Thời điểm", "Người thực hiện", "Địa chỉ", "Hành động")
    assert [row[1] for row in rows[1:]] == ["boss"]
    assert rows[1][3] == "Đăng nhập"


def test_the_export_is_for_administrators_only(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/accounts/audit/export/").status_code == 403


def test_the_api_is_for_administrators_only(api, coordinator):
    api.force_authenticate(coordinator)
    assert api.get(API).status_code == 403


def test_the_api_filters_by_actor_action_and_since(api, administrator, events):
    api.force_authenticate(administrator)
    assert shown_actions(api.get(API, {"actor": "clerk"})) == ["login", "login_failed"]
    assert shown_actions(api.get(API, {"action": "login", "actor": "boss"})) == ["login"]
    recent = api.get(API, {"since": "2025-09-10T00:00:00+07:00", "actor": "clerk"})
    assert len(shown_actions(recent)) == 2
    later = api.get(API, {"since": "2025-09-25T00:00:00+07:00", "actor": "clerk"})
    assert shown_actions(later) == []


def test_the_api_refuses_an_unknown_action(api, administrator):
    api.force_authenticate(administrator)
    assert api.get(API, {"action": "nonsense"}).status_code == 400


@pytest.mark.parametrize("rows", [1, 30])
def test_the_api_list_runs_a_fixed_number_of_queries(
    api, administrator, rows, django_assert_num_queries
):
    AuditEvent.objects.bulk_create(
        [AuditEvent(action=Action.LOGIN, actor_name=f"u{n}") for n in range(rows)]
    )
    api.force_authenticate(administrator)
    with django_assert_num_queries(2):  # count, page
        assert api.get(API).status_code == 200


@pytest.mark.parametrize("rows", [1, 30])
def test_the_audit_page_runs_a_fixed_number_of_queries(
    client, administrator, rows, django_assert_num_queries
):
    AuditEvent.objects.bulk_create(
        [AuditEvent(action=Action.LOGIN, actor_name=f"u{n}") for n in range(rows)]
    )
    client.force_login(administrator)
    # session, user with membership, count, page
    with django_assert_num_queries(4):
        assert client.get("/accounts/audit/").status_code == 200
