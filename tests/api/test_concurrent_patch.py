"""Two real PATCH requests racing on PostgreSQL, each in its own thread with its own
connection and transaction: a request changes only the fields it carries, decided under the
row lock, so a completion is never reverted by a concurrent `{"percent": 42}`.

The race is made certain rather than hoped for: a third connection holds the task's row lock
while both requests read the task and queue for the lock (completion first, as PostgreSQL
grants a row lock in the order it was asked for), then lets them go."""

import threading

import pytest
from django.db import connection, connections, transaction
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tasks.models import Task, TaskChange
from tests.factories import TaskFactory
from tests.servers import needs_postgresql, wait_for

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]


def _waiting_for_a_lock() -> int:
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


class Thread(threading.Thread):
    """Runs `work` with this thread's own database connection, keeping its result."""

    def __init__(self, work):
        super().__init__(daemon=True)
        self.work, self.result = work, None

    def run(self) -> None:
        try:
            self.result = self.work()
        finally:
            connection.close()


def _patch(token: str, task: Task, data: dict):
    def call():
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return api.patch(f"/api/v1/tasks/{task.pk}/", data, format="json").status_code

    return call


def _race(task: Task, first: tuple[str, dict], second: tuple[str, dict]) -> list:
    release = threading.Event()
    held = threading.Event()

    def hold_the_row():
        with transaction.atomic():
            Task.objects.select_for_update().get(pk=task.pk)
            held.set()
            release.wait(30)

    holder = Thread(hold_the_row)
    holder.start()
    held.wait(30)
    requests = []
    for queued, (token, data) in enumerate((first, second), start=1):
        request = Thread(_patch(token, task, data))
        request.start()
        requests.append(request)
        wait_for(lambda n=queued: _waiting_for_a_lock() >= n, 30, "the request to queue")
    release.set()
    for thread in (holder, *requests):
        thread.join(30)
    return [request.result for request in requests]


@pytest.fixture
def tokens(staff, coordinator):
    return (
        Token.objects.create(user=staff).key,
        Token.objects.create(user=coordinator).key,
    )


def test_a_concurrent_percent_never_reverts_a_completion(today, unit, tokens):
    task = TaskFactory(lead_unit=unit, status=Task.Status.IN_PROGRESS, percent=30)
    completion = {"status": "completed", "completed_on": "2025-09-29"}
    statuses = _race(task, (tokens[0], completion), (tokens[1], {"percent": 42}))
    task.refresh_from_db()
    assert statuses == [200, 200]
    assert (task.status, task.percent, str(task.completed_on)) == ("completed", 100, "2025-09-29")
    assert not TaskChange.objects.filter(task=task, field="status", after="in_progress").exists()


def test_a_concurrent_note_keeps_the_progress_reported_meanwhile(today, unit, tokens):
    task = TaskFactory(lead_unit=unit, status=Task.Status.NOT_STARTED, percent=0)
    progress = {"status": "in_progress", "percent": 42}
    statuses = _race(task, (tokens[1], progress), (tokens[0], {"note": "Đã họp triển khai"}))
    task.refresh_from_db()
    assert statuses == [200, 200]
    assert (task.status, task.percent) == ("in_progress", 42)
