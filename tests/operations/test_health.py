"""/healthz against a real Redis (stopped for the failing case) and the periodic jobs as
django-celery-beat keeps them."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.test import override_settings
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from operations.models import JobRun
from tests.servers import needs_redis_server, redis_server

pytestmark = pytest.mark.django_db
NOW = datetime.fromisoformat("2025-09-30 10:00 +07:00")


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def redis():
    with (
        redis_server() as server,
        override_settings(REDIS_URL=server.url, CELERY_BROKER_URL=server.url),
    ):
        yield server


def _every_ten_minutes(name: str, *, last_run_at: datetime | None) -> PeriodicTask:
    every, _ = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
    return PeriodicTask.objects.create(
        name=name, task="tasks.tasks.deliver_notifications", interval=every, last_run_at=last_run_at
    )


def _daily_at_five_past_midnight(name: str, *, last_run_at: datetime | None) -> PeriodicTask:
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="5", hour="0", timezone="Asia/Ho_Chi_Minh"
    )
    return PeriodicTask.objects.create(
        name=name, task="tasks.tasks.sweep_overdue", crontab=crontab, last_run_at=last_run_at
    )


@pytest.fixture(autouse=True)
def _no_other_jobs(db):
    PeriodicTask.objects.all().delete()  # those the migration installed


@needs_redis_server
def test_healthz_is_ok_when_every_check_passes(client, redis, now):
    _every_ten_minutes("Deliver", last_run_at=now - timedelta(minutes=4))
    _daily_at_five_past_midnight("Sweep", last_run_at=now.replace(hour=0, minute=5))
    answer = client.get("/healthz")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok" and body["failing"] == []
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "redis": True,
        "broker": True,
    }
    assert [job["stale"] for job in body["periodic_jobs"]] == [False, False]


@needs_redis_server
def test_healthz_is_unhealthy_while_redis_is_down(client, redis, now):
    redis.stop()
    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json()["failing"] == ["redis", "broker"]


@needs_redis_server
def test_a_job_beat_has_not_sent_past_its_schedule_and_the_grace_is_stale(client, redis, now):
    _every_ten_minutes("Deliver", last_run_at=now - timedelta(minutes=10 + 6))
    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json()["failing"] == ["periodic job: Deliver"]


@needs_redis_server
def test_a_job_late_within_the_grace_is_not_stale(client, redis, now):
    _every_ten_minutes("Deliver", last_run_at=now - timedelta(minutes=10 + 4))
    assert client.get("/healthz").status_code == 200


@needs_redis_server
def test_a_daily_job_that_missed_last_midnight_is_stale(client, redis, now):
    _daily_at_five_past_midnight("Sweep", last_run_at=now - timedelta(days=1, hours=10))
    assert client.get("/healthz").json()["failing"] == ["periodic job: Sweep"]


@needs_redis_server
def test_a_job_never_sent_counts_from_when_it_was_installed(client, redis, now):
    job = _every_ten_minutes("Deliver", last_run_at=None)
    assert client.get("/healthz").status_code == 200
    PeriodicTask.objects.filter(pk=job.pk).update(date_changed=now - timedelta(hours=1))
    assert client.get("/healthz").status_code == 503


@needs_redis_server
def test_healthz_shows_the_last_run_the_worker_recorded(client, redis, now):
    _every_ten_minutes("Deliver", last_run_at=now - timedelta(minutes=2))
    JobRun.objects.create(
        name="tasks.tasks.deliver_notifications",
        last_finished_at=now - timedelta(minutes=1),
        last_seconds=0.25,
        last_succeeded=True,
        runs=3,
    )
    (job,) = client.get("/healthz").json()["periodic_jobs"]
    assert (job["last_seconds"], job["last_succeeded"]) == (0.25, True)
    assert datetime.fromisoformat(job["last_finished_at"]) == now - timedelta(minutes=1)


@override_settings(REDIS_URL="", CELERY_BROKER_URL="memory://")
def test_without_a_broker_there_is_no_beat_to_be_stale(client, now):
    _every_ten_minutes("Deliver", last_run_at=now - timedelta(days=3))
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json()["periodic_jobs"][0]["stale"] is False


@pytest.mark.parametrize("jobs", [1, 20])
@override_settings(REDIS_URL="", CELERY_BROKER_URL="memory://")
def test_healthz_reads_any_number_of_jobs_in_three_queries(
    client, now, jobs, django_assert_num_queries
):
    for n in range(jobs):
        _every_ten_minutes(f"Job {n}", last_run_at=now)
        JobRun.objects.create(name=f"job.{n}")
    with django_assert_num_queries(3):  # SELECT 1, the job runs, the periodic jobs
        assert client.get("/healthz").status_code == 200


def test_healthz_needs_no_sign_in_and_is_never_cached(client, now):
    answer = client.get("/healthz")
    assert answer.status_code in (200, 503)
    assert "no-cache" in answer["Cache-Control"]


def test_healthz_answers_plain_http_when_https_is_enforced(client, now, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code != 301
