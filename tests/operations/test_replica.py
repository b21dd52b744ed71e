"""The replica router: figures read on the replica inside the views whose reads may lag,
everything else (accounts, tokens, writes, other views) on the primary, and a browser that
has just written reads the primary. bench/replica.sh proves it on a real streaming replica."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from operations import replica
from operations.replica import PIN_COOKIE, ReplicaMiddleware, ReplicaRouter
from tasks.models import Task

router = ReplicaRouter()


@pytest.fixture
def configured(monkeypatch):
    monkeypatch.setattr(replica, "replica_configured", lambda: True)


def _through_middleware(method: str, path: str, cookies: dict | None = None):
    """Runs a request through ReplicaMiddleware; returns where a task and a user would be
    read inside the view, and the response."""
    request = getattr(RequestFactory(), method.lower())(path)
    request.COOKIES.update(cookies or {})
    request.resolver_match = resolve(path)
    seen = {}

    def view(request):
        middleware.process_view(request, None, (), {})
        seen["task"] = router.db_for_read(Task)
        seen["user"] = router.db_for_read(get_user_model())
        return HttpResponse()

    middleware = ReplicaMiddleware(view)
    response = middleware(request)
    return seen, response


def test_a_dashboard_reads_its_figures_on_the_replica_and_accounts_on_the_primary(configured):
    seen, _ = _through_middleware("GET", "/reports/documents/1/")
    assert seen == {"task": "replica", "user": "default"}


def test_the_summary_api_reads_on_the_replica(configured):
    seen, _ = _through_middleware("GET", "/api/v1/summary/")
    assert seen["task"] == "replica"


def test_a_task_page_reads_the_primary(configured):
    seen, _ = _through_middleware("GET", "/tasks/1/")
    assert seen["task"] == "default"


def test_after_the_view_reads_go_back_to_the_primary(configured):
    _through_middleware("GET", "/reports/documents/1/")
    assert router.db_for_read(Task) == "default"


def test_a_write_pins_the_browser_to_the_primary(configured, settings):
    settings.REPLICA_PIN_SECONDS = 10
    _, response = _through_middleware("POST", "/tasks/1/progress/")
    until = float(response.cookies[PIN_COOKIE].value)
    assert time.time() + 8 < until <= time.time() + 10.01
    seen, _ = _through_middleware("GET", "/reports/documents/1/", {PIN_COOKIE: str(until)})
    assert seen["task"] == "default"  # the writer's own next page


def test_signing_in_does_not_pin(configured):
    _, response = _through_middleware("POST", "/login/")
    assert PIN_COOKIE not in response.cookies


def test_once_the_pin_has_passed_the_dashboard_reads_the_replica_again(configured):
    seen, _ = _through_middleware("GET", "/", {PIN_COOKIE: str(time.time() - 1)})
    assert seen["task"] == "replica"


def test_without_a_replica_nothing_changes():
    seen, response = _through_middleware("POST", "/tasks/1/progress/")
    assert PIN_COOKIE not in response.cookies
    seen, _ = _through_middleware("GET", "/reports/documents/1/")
    assert seen["task"] == "default"


def test_writes_and_migrations_go_to_the_primary_only():
    assert router.db_for_write(Task) == "default"
    assert router.allow_migrate("replica", "tasks") is False
    assert router.allow_migrate("default", "tasks") is True
