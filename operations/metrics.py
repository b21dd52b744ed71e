"""Prometheus metrics of the tracker, read when scraped: queue lengths (Redis), the outbox
backlog, each job's runs and durations (operations.JobRun, written by every worker), and
whether each periodic job is stale. Requests are counted by django-prometheus' middleware;
with several gunicorn processes, PROMETHEUS_MULTIPROC_DIR makes them one set of figures."""

import os

import redis
from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from operations.health import periodic_jobs_health
from operations.models import JobRun
from tasks.models import Notification
from tasks.notifications import MAX_EMAIL_ATTEMPTS
from tracker.queues import QUEUE_NAMES

# kombu's Redis transport keeps a queue's messages of priority 3, 6 and 9 in lists of their own
PRIORITY_SUFFIXES = ("", "\x06\x163", "\x06\x166", "\x06\x169")


def _queue_lengths() -> dict[str, int] | None:
    if not settings.REDIS_URL:
        return None
    client = redis.Redis.from_url(
        settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1
    )
    try:
        with client.pipeline(transaction=False) as pipe:
            for name in QUEUE_NAMES:
                for suffix in PRIORITY_SUFFIXES:
                    pipe.llen(name + suffix)
            lengths = pipe.execute()
    except redis.RedisError:
        return None
    finally:
        client.close()
    step = len(PRIORITY_SUFFIXES)
    return {name: sum(lengths[i * step : (i + 1) * step]) for i, name in enumerate(QUEUE_NAMES)}


class TrackerCollector:
    """Figures read from the database and the broker at each scrape (four queries)."""

    def collect(self):
        now = timezone.now()
        queues = GaugeMetricFamily(
            "tracker_queue_length", "Messages waiting in a Celery queue", labels=["queue"]
        )
        for name, length in (_queue_lengths() or {}).items():
            queues.add_metric([name], length)
        yield queues

        backlog = Notification.objects.filter(
            emailed_at__isnull=True, attempts__lt=MAX_EMAIL_ATTEMPTS
        ).aggregate(pending=Count("pk"), oldest=Min("created_at"))
        yield GaugeMetricFamily(
            "tracker_outbox_pending", "Notifications not yet emailed", value=backlog["pending"]
        )
        oldest = (now - backlog["oldest"]).total_seconds() if backlog["oldest"] else 0
        yield GaugeMetricFamily(
            "tracker_outbox_oldest_age_seconds",
            "Age of the oldest notification not yet emailed",
            value=oldest,
        )

        labels = ["job"]
        runs = CounterMetricFamily("tracker_job_runs", "Runs of a Celery job", labels=labels)
        failures = CounterMetricFamily(
            "tracker_job_failures", "Failed runs of a Celery job", labels=labels
        )
        seconds = CounterMetricFamily(
            "tracker_job_duration_seconds", "Time spent running a Celery job", labels=labels
        )
        last = GaugeMetricFamily(
            "tracker_job_last_duration_seconds", "Duration of a job's last run", labels=labels
        )
        finished = GaugeMetricFamily(
            "tracker_job_last_finished_timestamp_seconds",
            "When a job's last run finished",
            labels=labels,
        )
        for run in JobRun.objects.order_by("name"):
            runs.add_metric([run.name], run.runs)
            failures.add_metric([run.name], run.failures)
            seconds.add_metric([run.name], run.total_seconds)
            if run.last_seconds is not None:
                last.add_metric([run.name], run.last_seconds)
            if run.last_finished_at is not None:
                finished.add_metric([run.name], run.last_finished_at.timestamp())
        yield from (runs, failures, seconds, last, finished)

        stale = GaugeMetricFamily(
            "tracker_periodic_job_stale",
            "1 when beat has not sent a periodic job on time",
            labels=["name", "job"],
        )
        for job in periodic_jobs_health(now=now):
            stale.add_metric([job.name, job.job], int(job.stale))
        yield stale


_tracker_registry = CollectorRegistry()
_tracker_registry.register(TrackerCollector())


def exposition() -> bytes:
    """The text of /metrics: the process's (or, with several processes, every gunicorn
    process's) request metrics, then the tracker's own."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        requests = CollectorRegistry()
        multiprocess.MultiProcessCollector(requests)
    else:
        requests = REGISTRY
    return generate_latest(requests) + generate_latest(_tracker_registry)
