"""What /healthz reports: the database (and its replica), Redis, the broker, and the last
run of each periodic job. A periodic job that beat has not sent for longer than its
schedule allows (plus `HEALTH_BEAT_GRACE_SECONDS`) means beat is down or stuck: unhealthy."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import redis
from django.conf import settings
from django.db import connections
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from kombu import Connection

from operations.models import JobRun


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


@dataclass(frozen=True)
class PeriodicJobHealth:
    name: str
    job: str
    last_sent_at: datetime | None
    next_due_at: datetime
    stale: bool
    last_finished_at: datetime | None
    last_seconds: float | None
    last_succeeded: bool | None


@dataclass(frozen=True)
class Health:
    checks: dict[str, Check]
    periodic_jobs: list[PeriodicJobHealth] = field(default_factory=list)

    @property
    def failing(self) -> list[str]:
        names = [name for name, check in self.checks.items() if not check.ok]
        return names + [f"periodic job: {job.name}" for job in self.periodic_jobs if job.stale]


def _database(alias: str) -> Check:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        return Check(False, f"{type(error).__name__}: {error}")
    return Check(True, "ok")


def _redis() -> Check:
    if not settings.REDIS_URL:
        return Check(True, "not configured: cache in process, jobs run eagerly")
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        return Check(False, f"{type(error).__name__}: {error}")
    finally:
        client.close()
    return Check(True, "ok")


def _broker() -> Check:
    if not settings.REDIS_URL:
        return Check(True, "not configured: jobs run eagerly")
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception as error:
        return Check(False, f"{type(error).__name__}: {error}")
    return Check(True, "ok")


def periodic_jobs_health(*, now: datetime) -> list[PeriodicJobHealth]:
    """Each enabled periodic job: when beat last sent it, when it was due next, whether that
    is longer ago than the grace period (stale), and its last run as the worker recorded it
    (an on-demand run included). Two queries for any number of jobs."""
    grace = timedelta(seconds=settings.HEALTH_BEAT_GRACE_SECONDS)
    runs = {run.name: run for run in JobRun.objects.all()}
    jobs = []
    periodic = PeriodicTask.objects.filter(enabled=True, one_off=False).select_related(
        "interval", "crontab", "solar", "clocked"
    )
    for task in periodic.order_by("name"):
        # beat itself counts a job never sent from the moment it was last changed
        reference = task.last_run_at or task.date_changed
        next_due = now + task.schedule.remaining_estimate(reference)
        run = runs.get(task.task)
        jobs.append(
            PeriodicJobHealth(
                name=task.name,
                job=task.task,
                last_sent_at=task.last_run_at,
                next_due_at=next_due,
                # without a broker there is no beat: the jobs are run by hand or not at all
                stale=bool(settings.REDIS_URL) and now - next_due > grace,
                last_finished_at=run.last_finished_at if run else None,
                last_seconds=run.last_seconds if run else None,
                last_succeeded=run.last_succeeded if run else None,
            )
        )
    return jobs


def health() -> Health:
    """Every check of /healthz, each answering within a few seconds when its server hangs."""
    checks = {"database": _database("default")}
    if "replica" in settings.DATABASES:
        checks["replica"] = _database("replica")
    checks["redis"] = _redis()
    checks["broker"] = _broker()
    jobs = periodic_jobs_health(now=timezone.now()) if checks["database"].ok else []
    return Health(checks=checks, periodic_jobs=jobs)
