"""A real Celery worker process, killed with SIGKILL while it emails the outbox to a real
SMTP sink on loopback: after a restart every notification has arrived, and only a message
in flight at the moment of the kill (at most one per pool process) arrived twice."""

from collections import Counter

import pytest

from tasks.models import Notification
from tasks.tasks import deliver_notifications
from tests.factories import UserFactory
from tests.servers import (
    broker,
    celery_worker,
    needs_postgresql,
    needs_redis_server,
    redis_server,
    smtp_sink,
    wait_for,
)

pytestmark = [needs_redis_server, needs_postgresql, pytest.mark.django_db(transaction=True)]
QUEUED = 30
CONCURRENCY = 2


def _queue_notifications() -> None:
    recipient = UserFactory(email="clerk@example.vn")
    Notification.objects.bulk_create(
        Notification(
            recipient=recipient,
            kind="test",
            dedupe_key=f"killed-worker:{n}",
            subject=f"Thông báo số {n}",
            body="Nội dung",
        )
        for n in range(QUEUED)
    )


def _all_emailed() -> bool:
    return not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_killed_worker_loses_nothing_and_repeats_at_most_its_messages_in_flight():
    _queue_notifications()
    # Each message takes 0.3 s to be accepted: the kill lands in the middle of the run.
    with redis_server() as redis, smtp_sink(delay=0.3) as sink, broker(redis.url):
        options = {"redis_url": redis.url, "smtp_port": sink.port, "concurrency": CONCURRENCY}
        with celery_worker(**options) as worker:
            for _ in range(CONCURRENCY):  # both pool processes deliver at once
                deliver_notifications.delay()
            wait_for(lambda: len(sink.received) >= 8, 60, "the first emails")
            worker.kill()
        marked_before_restart = Notification.objects.filter(emailed_at__isnull=False).count()
        arrived_before_restart = len(sink.received)
        with celery_worker(**options):
            deliver_notifications.delay()  # what the periodic job does every 10 minutes
            wait_for(_all_emailed, 90, "every notification to be emailed")
        received = Counter(subject for _, subject in sink.received)
    assert marked_before_restart < QUEUED  # the kill really came mid-run
    assert arrived_before_restart - marked_before_restart <= CONCURRENCY
    assert set(received) == {f"Thông báo số {n}" for n in range(QUEUED)}  # nothing lost
    assert sum(received.values()) - QUEUED <= CONCURRENCY
