"""Redis is an accelerator: with it stopped, login, pages, writes and the API keep working,
notifications wait in the outbox, and once Redis is back the periodic delivery job (beat,
in a real worker process) sends each of them exactly once, whether or not anyone acts."""

import logging
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from resolutions.models import Membership
from tasks.models import Extension, Notification, Task
from tasks.services import task_report_progress
from tests.factories import TaskFactory, UserFactory
from tests.servers import (
    broker,
    cache_at,
    celery_worker,
    free_port,
    needs_postgresql,
    needs_redis_server,
    redis_server,
    smtp_sink,
    wait_for,
)
from tracker import failsafe_cache

pytestmark = [needs_redis_server, pytest.mark.django_db(transaction=True)]
HTMX = {"HX-Request": "true"}
DELIVERY_TASK = "tasks.tasks.deliver_notifications"


@pytest.fixture
def people(unit):
    staff = UserFactory(
        username="clerk", email="clerk@example.vn", role=Membership.Role.STAFF, role__unit=unit
    )
    coordinator = UserFactory(
        username="coord", email="coord@example.vn", role=Membership.Role.COORDINATOR
    )
    return staff, coordinator


def _act_while_redis_is_down(unit, staff, coordinator) -> list[int]:
    """Login, a progress report, an extension request, API reads and writes: the status of
    each answer."""
    reported, extended, patched = (TaskFactory(lead_unit=unit) for _ in range(3))
    statuses = []
    browser = Client()
    login = browser.post(reverse("login"), {"username": "clerk", "password": "demo"})
    statuses.append(login.status_code)
    pages = [reverse("home"), reverse("tasks:list"), reverse("tasks:detail", args=[reported.pk])]
    pages += [reverse("reports:document", args=[reported.document_id]), reverse("notifications")]
    statuses += [browser.get(page).status_code for page in pages]
    progress = {"status": "completed", "percent": 100, "note": "Xong"}
    progress["expected_version"] = reported.version
    url = reverse("tasks:progress", args=[reported.pk])
    statuses.append(browser.post(url, progress, headers=HTMX).status_code)
    extension = {"requested_deadline": "2027-06-30", "reason": "Chờ kinh phí"}
    url = reverse("tasks:extension_request", args=[extended.pk])
    statuses.append(browser.post(url, extension, headers=HTMX).status_code)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=coordinator)}")
    statuses.append(api.get("/api/v1/tasks/").status_code)
    statuses.append(api.get(f"/api/v1/tasks/{reported.pk}/history/").status_code)
    statuses.append(api.get("/api/v1/summary/", {"document": reported.document.code}).status_code)
    statuses.append(api.get("/api/v1/summary/", {"document": reported.document.code}).status_code)
    staff_api = APIClient()
    staff_api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff)}")
    patch = staff_api.patch(f"/api/v1/tasks/{patched.pk}/", {"percent": 40}, format="json")
    statuses.append(patch.status_code)
    created = staff_api.post(
        "/api/v1/extensions/",
        {"task": patched.pk, "requested_deadline": "2027-03-31", "reason": "Thiếu người"},
        format="json",
    )
    statuses.append(created.status_code)
    return statuses


def test_with_redis_stopped_every_action_succeeds_and_waits_in_the_outbox(people, unit, caplog):
    staff, coordinator = people
    with redis_server() as redis, cache_at(redis.url), broker(redis.url):
        cache.set("probe", 1)
        assert cache.get("probe") == 1  # really on that Redis
        redis.stop()
        with caplog.at_level(logging.WARNING):
            statuses = _act_while_redis_is_down(unit, staff, coordinator)
    assert statuses == [302] + [200] * 12 + [201]
    assert Task.objects.filter(status=Task.Status.COMPLETED).count() == 1
    assert Task.objects.filter(percent=40).count() == 1
    assert Extension.objects.count() == 2
    assert set(Notification.objects.values_list("emailed_at", flat=True)) == {None}
    assert Notification.objects.filter(recipient=coordinator).count() == 3
    assert "Cache unreachable" in caplog.text
    assert "Could not enqueue notification delivery" in caplog.text


@needs_postgresql
def test_after_redis_returns_the_periodic_job_delivers_each_waiting_notification_once(people, unit):
    staff, coordinator = people
    # As an administrator would in the admin: the delivery job every 2 seconds, not 10 minutes.
    every, _ = IntervalSchedule.objects.get_or_create(every=2, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.update_or_create(
        name="Deliver pending notifications", defaults={"task": DELIVERY_TASK, "interval": every}
    )
    with (
        redis_server() as redis,
        smtp_sink() as sink,
        cache_at(redis.url),
        broker(redis.url),
        celery_worker(redis_url=redis.url, smtp_port=sink.port, beat=True) as worker,
    ):
        wait_for(lambda: "beat: Starting" in worker.output(), 60, "beat to start")
        redis.stop()
        _act_while_redis_is_down(unit, staff, coordinator)
        time.sleep(3)  # beat and the worker find the broker gone
        waiting = Notification.objects.count()
        assert waiting == 3 and not sink.received
        redis.start()  # nobody acts from here on
        wait_for(lambda: len(sink.received) >= waiting, 90, "the waiting notifications")
        time.sleep(5)  # two more runs of the job
        received = sink.counts()
    assert set(received.values()) == {1}
    assert sorted(rcpt for rcpt, _ in received) == ["coord@example.vn"] * waiting
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_an_unreachable_cache_reads_as_a_miss_with_one_warning(caplog):
    nobody_listens = f"redis://127.0.0.1:{free_port()}/0"
    with cache_at(nobody_listens), caplog.at_level(logging.WARNING):
        answers = (cache.add("k", 1), cache.get("k", "default"), cache.set("k", 1))
        answers += (cache.get_many(["k"]), cache.delete("k"))
    assert answers == (False, "default", None, {}, False)
    assert caplog.text.count("Cache unreachable") == 1


def test_the_cache_keeps_one_redis_client_per_connection_pool():
    # Django's own makes one per operation (issue 17: a third of a cached 304)
    with redis_server() as redis, cache_at(redis.url):
        client = cache._cache.get_client(write=True)
        cache.set("k", 1)
        assert cache.get("k") == 1
        assert cache._cache.get_client(write=True) is client


def test_the_throttle_counter_counts_and_expires_across_a_restart(monkeypatch):
    monkeypatch.setattr(failsafe_cache, "RETRY_SECONDS", 0.2)  # a shorter test
    with redis_server() as redis, cache_at(redis.url):
        assert [cache.count("t", 60) for _ in range(3)] == [1, 2, 3]
        ttl = cache._cache.get_client(write=True).ttl(cache.make_and_validate_key("t"))
        assert 0 < ttl <= 60
        redis.stop()
        redis.start()  # a new server: its counters and its loaded script are gone
        wait_for(lambda: cache.count("t", 60) == 1, timeout=10, what="a count after the restart")
        assert cache.count("t", 60) == 2


def test_a_summary_cached_before_an_outage_is_not_served_after_a_change_it_missed(
    coordinator, unit, monkeypatch
):
    """Redis restarts with its data (append-only file) while a task is completed: the change
    could not replace the data version there, so it is replaced before the next summary is
    read, and the figure cached before the outage is never served again."""
    monkeypatch.setattr(failsafe_cache, "RETRY_SECONDS", 0.5)  # a shorter test
    task = TaskFactory(lead_unit=unit)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=coordinator)}")
    with redis_server(persistent=True) as redis, cache_at(redis.url):
        assert api.get("/api/v1/summary/").json()["completed"] == 0  # now cached
        redis.stop()
        task_report_progress(user=coordinator, task=task, status="completed", percent=100)
        during = api.get("/api/v1/summary/").json()["completed"]
        redis.start()
        time.sleep(0.6)  # the backend tries Redis again
        cache.set("probe", 1)
        assert cache.get("probe") == 1  # Redis answers again, with its old data
        after = api.get("/api/v1/summary/").json()["completed"]
    assert (during, after) == (1, 1)
