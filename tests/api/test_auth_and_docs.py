import pytest
from redis import Redis
from redis.connection import AbstractConnection
from rest_framework.authtoken.models import Token

from tests.servers import cache_at, needs_redis_server, redis_server

pytestmark = pytest.mark.django_db
TOKEN = "/api/v1/auth/token/"
SUMMARY = "/api/v1/summary/"


def test_a_token_for_username_and_password(api, staff):
    response = api.post(TOKEN, {"username": "clerk", "password": "demo"}, format="json")
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=staff).key}


def test_a_wrong_password_gets_no_token(api, staff):
    response = api.post(TOKEN, {"username": "clerk", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert "token" not in response.json()


def test_the_token_authenticates(api, staff):
    key = api.post(TOKEN, {"username": "clerk", "password": "demo"}, format="json").json()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key['token']}")
    assert api.get("/api/v1/tasks/").status_code == 200


def test_a_revoked_token_is_401(api_as, staff):
    client = api_as(staff)
    Token.objects.filter(user=staff).delete()
    assert client.get("/api/v1/tasks/").status_code == 401


def test_a_browser_session_works_too(client, staff):
    client.force_login(staff)
    assert client.get("/api/v1/tasks/").status_code == 200


def test_requests_are_throttled_per_token(api_as, staff, leader, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "2/minute"},
    }
    busy = api_as(staff)
    assert [busy.get("/api/v1/units/").status_code for _ in range(3)] == [200, 200, 429]
    assert api_as(leader).get("/api/v1/units/").status_code == 200


def test_the_schema_describes_every_endpoint(api_as, leader):
    schema = api_as(leader).get("/api/v1/schema/", {"format": "json"}).json()
    assert {
        "/api/v1/summary/",
        "/api/v1/auth/token/",
        "/api/v1/tasks/{id}/",
        "/api/v1/tasks/{id}/history/",
        "/api/v1/extensions/{id}/approve/",
        "/api/v1/units/",
        "/api/v1/documents/",
        "/api/v1/targets/",
    } <= set(schema["paths"])


def test_every_schema_field_is_described(api_as, leader):
    schema = api_as(leader).get("/api/v1/schema/", {"format": "json"}).json()
    undescribed = [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        for field, spec in component.get("properties", {}).items()
        if not spec.get("description") and "$ref" not in spec and "allOf" not in spec
    ]
    assert undescribed == []


def test_docs_are_served_without_a_cdn(client, leader):
    client.force_login(leader)
    page = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in page
    assert "cdn" not in page.lower() and "https://" not in page


@needs_redis_server
def test_a_known_tokens_request_costs_one_cache_round_trip(api_as, leader, monkeypatch):
    """issue 17: the token's entry, the data version and the request's count in the token's
    budget come and go in one round trip to Redis, for a summary as for its 304."""
    with redis_server() as server, cache_at(server.url):
        client = api_as(leader)
        first = client.get(SUMMARY)
        sent = []
        send = AbstractConnection.send_packed_command

        def counted(connection, command, check_health=True):
            sent.append(command)
            return send(connection, command, check_health)

        monkeypatch.setattr(AbstractConnection, "send_packed_command", counted)
        assert client.get(SUMMARY).status_code == 200
        assert client.get(SUMMARY, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        assert len(sent) == 2
        monkeypatch.undo()


@needs_redis_server
def test_the_budget_counted_with_the_token_still_refuses(api_as, staff, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "2/minute"},
    }
    with redis_server() as server, cache_at(server.url):
        busy = api_as(staff)
        assert [busy.get("/api/v1/units/").status_code for _ in range(3)] == [200, 200, 429]


@needs_redis_server
def test_a_request_counter_lives_no_longer_than_its_window(api_as, staff):
    with redis_server() as server, cache_at(server.url):
        api_as(staff).get("/api/v1/units/")
        counters = Redis.from_url(server.url).keys("*throttle*")
        assert len(counters) == 1
        assert 0 < Redis.from_url(server.url).ttl(counters[0]) <= 60  # the rate is per minute
