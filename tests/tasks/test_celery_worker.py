"""A real Celery worker (a thread of this process) against the real Redis of REDIS_URL.

The worker's thread opens its own database connections, so it needs a database other
threads can reach: PostgreSQL, as CI runs. Each test uses its own key prefix in Redis so
parallel runs on the same Redis cannot take each other's messages."""

import logging
import time
from contextlib import contextmanager
from datetime import timedelta
from uuid import uuid4

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.worker import state as worker_state
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from resolutions.models import Membership
from tasks.models import Notification, Task
from tasks.services import task_report_progress
from tasks.tasks import deliver_notifications, sweep_overdue
from tests.factories import TaskFactory, UserFactory
from tests.servers import broker
from tracker.celery import app

pytestmark = [
    pytest.mark.skipif(
        not settings.REDIS_URL or connection.vendor == "sqlite",
        reason="needs REDIS_URL and PostgreSQL (CI sets both); the embedded run is eager",
    ),
    pytest.mark.django_db(transaction=True),
]
DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_broker():
    """The real Redis, under a key prefix of its own; tasks go through it, not in-process."""
    prefix = f"test-{uuid4().hex}:"
    with broker(settings.REDIS_URL, global_keyprefix=prefix):
        yield
    client = redis.Redis.from_url(settings.REDIS_URL)
    for key in client.scan_iter(match=f"{prefix}*"):
        client.delete(key)


@contextmanager
def worker():
    app.conf.worker_hijack_root_logger = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield


def wait_for(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("the worker did not finish in time")
        time.sleep(0.1)


def idle() -> bool:
    """Nothing waits in the queue and the worker holds no message."""
    with app.connection_for_write() as conn:
        waiting = conn.default_channel.client.llen(app.conf.task_default_queue)
    return not waiting and not worker_state.reserved_requests and not worker_state.active_requests


def stays_idle() -> bool:
    return all(idle() and time.sleep(0.1) is None for _ in range(3))


def emailed() -> bool:
    return Notification.objects.filter(emailed_at__isnull=False).exists()


def test_sweep_through_the_broker_flags_and_delivers(redis_broker, unit):
    today = timezone.localdate()
    staff = UserFactory(email="clerk@example.vn", role=Membership.Role.STAFF, role__unit=unit)
    late = TaskFactory(
        lead_unit=unit, assigned_on=today - timedelta(days=30), deadline=today - timedelta(1)
    )
    due_today = TaskFactory(lead_unit=unit, assigned_on=today - timedelta(days=30), deadline=today)
    with worker():
        sweep_overdue.delay()
        wait_for(emailed)
    overdue = dict(Task.objects.values_list("pk", "overdue_since"))
    assert (overdue[late.pk], overdue[due_today.pk]) == (today, None)
    assert [message.to for message in mail.outbox] == [[staff.email]]


def test_with_the_broker_down_the_change_stands_and_is_delivered_later(redis_broker, unit, caplog):
    today = timezone.localdate()
    staff = UserFactory(role=Membership.Role.STAFF, role__unit=unit)
    coordinator = UserFactory(email="coord@example.vn", role=Membership.Role.COORDINATOR)
    task = TaskFactory(lead_unit=unit, assigned_on=today - timedelta(days=30), deadline=today)
    with broker(DEAD_BROKER), caplog.at_level(logging.ERROR, "tasks.notifications"):
        task_report_progress(user=staff, task=task, status="completed", percent=100)
    assert Task.objects.get(pk=task.pk).status == Task.Status.COMPLETED
    assert Notification.objects.get().emailed_at is None
    assert "Could not enqueue notification delivery" in caplog.text
    with worker():
        deliver_notifications.delay()
        wait_for(emailed)
        deliver_notifications.delay()  # a second run must not send it again
        wait_for(stays_idle)
    assert [message.to for message in mail.outbox] == [[coordinator.email]]
