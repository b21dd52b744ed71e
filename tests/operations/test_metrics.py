"""/metrics in Prometheus' text format: who may read it, and the tracker's own figures
(queue lengths read from a real Redis, the outbox backlog, the job runs)."""

import re

import pytest
from django.test import override_settings
from prometheus_client.parser import text_string_to_metric_families

from operations.models import JobRun
from tasks.models import Notification
from tasks.tasks import deliver_notifications, run_task_import, sweep_overdue
from tests.factories import UserFactory
from tests.servers import broker, needs_redis_server, redis_server

pytestmark = pytest.mark.django_db


def _samples(text: str) -> dict[tuple[str, tuple], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_metrics_are_read_from_this_machine_only(client):
    assert client.get("/metrics").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 403


@override_settings(METRICS_TOKEN="scrape-secret")
def test_with_a_token_metrics_need_it_from_anywhere(client):
    assert client.get("/metrics").status_code == 403
    answer = client.get(
        "/metrics", REMOTE_ADDR="10.1.2.3", headers={"Authorization": "Bearer scrape-secret"}
    )
    assert answer.status_code == 200


def test_metrics_count_the_outbox_backlog(client):
    recipient = UserFactory(email="a@example.vn")
    for n in range(3):
        Notification.objects.create(
            recipient=recipient, kind="t", dedupe_key=f"m{n}", subject="s", body="b"
        )
    Notification.objects.filter(dedupe_key="m0").update(emailed_at="2025-09-30T10:00Z")
    samples = _samples(client.get("/metrics").content.decode())
    assert samples[("tracker_outbox_pending", ())] == 2
    assert samples[("tracker_outbox_oldest_age_seconds", ())] >= 0


def test_metrics_show_each_jobs_runs_and_durations(client):
    JobRun.objects.create(
        name="tasks.tasks.sweep_overdue", runs=4, failures=1, total_seconds=2.5, last_seconds=0.5
    )
    samples = _samples(client.get("/metrics").content.decode())
    job = (("job", "tasks.tasks.sweep_overdue"),)
    assert samples[("tracker_job_runs_total", job)] == 4
    assert samples[("tracker_job_failures_total", job)] == 1
    assert samples[("tracker_job_duration_seconds_total", job)] == 2.5
    assert samples[("tracker_job_last_duration_seconds", job)] == 0.5


def test_metrics_count_requests_by_view(client):
    client.get("/login/")
    text = client.get("/metrics").content.decode()
    assert re.search(r'django_http_requests_total_by_view_transport_method_total\{.*"login"', text)


@needs_redis_server
def test_each_kind_of_job_waits_in_its_own_queue(client):
    with (
        redis_server() as redis,
        broker(redis.url),
        override_settings(REDIS_URL=redis.url, CELERY_BROKER_URL=redis.url),
    ):
        deliver_notifications.delay()
        deliver_notifications.delay()
        run_task_import.delay(1)
        sweep_overdue.delay()
        samples = _samples(client.get("/metrics").content.decode())
    lengths = {
        dict(labels)["queue"]: value
        for (name, labels), value in samples.items()
        if name == "tracker_queue_length"
    }
    assert lengths == {"notifications": 2, "reports": 1, "periodic": 1, "celery": 0}


@pytest.mark.parametrize("jobs", [1, 20])
def test_metrics_read_any_number_of_jobs_in_four_queries(client, jobs, django_assert_num_queries):
    JobRun.objects.bulk_create(JobRun(name=f"job.{n}", runs=1) for n in range(jobs))
    # the outbox, the job runs, and the periodic jobs' two of /healthz
    with django_assert_num_queries(4):
        assert client.get("/metrics").status_code == 200
