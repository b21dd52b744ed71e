from datetime import date

import pytest

from tasks.models import Task
from tests.factories import DocumentFactory, TaskFactory, UnitFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/summary/"


def test_a_unit_includes_its_subunits_by_default(today, api_as, leader):
    city = UnitFactory(code="DN")
    department = UnitFactory(code="DN-SNV", parent=city)
    TaskFactory(lead_unit=city)
    TaskFactory(lead_unit=department)
    client = api_as(leader)
    assert client.get(URL, {"unit": "DN"}).json()["total"] == 2
    assert client.get(URL, {"unit": "DN", "include_subunits": "false"}).json()["total"] == 1


def test_no_tasks_have_no_rate(today, api_as, leader):
    body = api_as(leader).get(URL).json()
    assert body["total"] == 0
    assert body["completion_rate"] is None and body["overdue_rate"] is None
    assert body["units"] == []


def test_rates_round_half_up_to_one_decimal(today, api_as, leader):
    document = DocumentFactory()
    TaskFactory.create_batch(7, document=document)
    TaskFactory(document=document, status=Task.Status.COMPLETED, completed_on=date(2025, 5, 1))
    # 1/8 = 12.5 %, 1/16 would be 6.25 → 6.3
    assert api_as(leader).get(URL).json()["completion_rate"] == 12.5


@pytest.mark.parametrize(
    "params, field",
    [
        ({"document": "abc"}, "document"),
        ({"document": "99-NQ/TW"}, "document"),
        ({"unit": "NOPE"}, "unit"),
        ({"unit": "D\x00N"}, "unit"),
        ({"as_of": "2025-02-30"}, "as_of"),
        ({"as_of": "99999-01-01"}, "as_of"),
        ({"include_subunits": "maybe"}, "include_subunits"),
    ],
)
def test_bad_parameters_are_400_per_field(today, api_as, leader, params, field):
    response = api_as(leader).get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_a_change_is_visible_at_once(today, api_as, coordinator):
    task = TaskFactory()
    client = api_as(coordinator)
    assert client.get(URL).json()["completed"] == 0
    response = client.patch(f"/api/v1/tasks/{task.pk}/", {"status": "completed"}, format="json")
    assert response.status_code == 200
    assert client.get(URL).json()["completed"] == 1


def test_an_approved_extension_is_visible_at_once(today, api_as, coordinator):
    task = TaskFactory(deadline=date(2025, 9, 1))
    client = api_as(coordinator)
    assert client.get(URL).json()["overdue"] == 1
    extension = client.post(
        "/api/v1/extensions/",
        {"task": task.pk, "requested_deadline": "2025-12-31", "reason": "Chờ kinh phí"},
        format="json",
    ).json()
    client.post(f"/api/v1/extensions/{extension['id']}/approve/", {}, format="json")
    assert client.get(URL).json()["overdue"] == 0


def test_a_cached_summary_costs_no_query(today, api_as, leader, django_assert_num_queries):
    TaskFactory.create_batch(3)
    client = api_as(leader)
    client.get(URL)
    # issue 17: the known token, its user and the figures all come from the cache
    with django_assert_num_queries(0):
        assert client.get(URL).json()["total"] == 3


def test_the_current_etag_is_answered_304_without_figures(
    today, api_as, leader, django_assert_num_queries
):
    TaskFactory.create_batch(2)
    client = api_as(leader)
    first = client.get(URL)
    with django_assert_num_queries(0):
        again = client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_an_etag_of_older_data_gets_the_new_figures(today, api_as, leader):
    client = api_as(leader)
    first = client.get(URL)
    TaskFactory()
    again = client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again.json()["total"] == 1
    assert again["ETag"] != first["ETag"]


def test_a_revoked_token_is_refused_at_once(today, api_as, leader):
    from rest_framework.authtoken.models import Token

    client = api_as(leader)
    assert client.get(URL).status_code == 200
    Token.objects.filter(user=leader).delete()
    assert client.get(URL).status_code == 401


def test_a_deactivated_account_is_refused_at_once(today, api_as, leader):
    client = api_as(leader)
    assert client.get(URL).status_code == 200
    leader.is_active = False
    leader.save()
    assert client.get(URL).status_code == 401


def test_an_unknown_token_is_refused(api):
    api.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert api.get(URL).status_code == 401


def test_summary_needs_a_token(api):
    assert api.get(URL).status_code == 401


def test_summary_needs_a_role(api_as, outsider):
    assert api_as(outsider).get(URL).status_code == 403


def test_a_users_new_unit_shows_at_once(today, api_as, staff, other_unit):
    TaskFactory(lead_unit=other_unit)
    client = api_as(staff)
    assert client.get(URL).json()["total"] == 0
    membership = staff.memberships.get()
    membership.unit = other_unit
    membership.save()
    assert client.get(URL).json()["total"] == 1


def test_users_who_see_different_tasks_get_different_summaries(
    today, api_as, staff, leader, unit, other_unit
):
    TaskFactory(lead_unit=unit)
    TaskFactory(lead_unit=other_unit)
    assert api_as(leader).get(URL).json()["total"] == 2
    assert api_as(staff).get(URL).json()["total"] == 1


def test_the_token_cache_keeps_no_password_hash(today, api_as, leader):
    from django.core.cache import cache

    from accounts.token_cache import _key

    client = api_as(leader)
    assert client.get(URL).status_code == 200
    _, user = cache.get(_key(client._credentials["HTTP_AUTHORIZATION"].split()[1]))
    assert "password" not in user.__dict__


@pytest.mark.parametrize(
    "accept, params, media_type",
    [
        (None, {}, "application/json"),
        ("*/*", {}, "application/json"),
        ("application/json", {}, "application/json"),
        ("application/json; indent=2", {}, "application/json"),
        ("text/html", {}, "text/html"),
        ("text/html,*/*;q=0.8", {"format": "json"}, "application/json"),
        ("*/*", {"format": "api"}, "text/html"),
    ],
)
def test_the_answer_is_what_the_client_accepts(today, api_as, leader, accept, params, media_type):
    TaskFactory.create_batch(2)
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    client = api_as(leader)
    for _ in range(2):  # computed, then from the cache
        response = client.get(URL, params, **headers)
        assert response.status_code == 200
        assert response["Content-Type"].startswith(media_type)
        assert response["ETag"]
        if media_type == "application/json":
            assert response.json()["total"] == 2
            assert response.content.startswith(b'{\n  "') == ("indent=2" in (accept or ""))
        else:
            assert "&quot;total&quot;: 2" in response.content.decode()


def test_the_cached_body_is_what_drf_renders(today, api_as, leader):
    from rest_framework.renderers import JSONRenderer
    from rest_framework.request import Request

    from reports.api import SummaryView

    TaskFactory.create_batch(3, lead_unit=UnitFactory(code="DN-X1", name="Xã Hòa Vang"))
    client = api_as(leader)
    client.get(URL)
    response = client.get(URL)  # from the cache
    request = Request(response.wsgi_request)
    request.user = leader
    assert response.content == JSONRenderer().render(SummaryView().summary(request))
    assert "Xã Hòa Vang".encode() in response.content  # UTF-8, as DRF writes it
