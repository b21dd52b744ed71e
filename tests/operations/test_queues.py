"""Celery queues by kind of work: notifications never wait behind a report or an import."""

from importlib import import_module

import pytest
from django.utils import timezone

from operations.models import JobRun
from operations.services import job_run_record
from tasks.tasks import sweep_overdue
from tracker.celery import app
from tracker.queues import QUEUE_NAMES


def _queue(name: str) -> str:
    return app.amqp.router.route({}, name)["queue"].name


def test_every_job_of_the_tracker_has_a_queue_of_its_kind():
    ours = [name for name in app.tasks if not name.startswith("celery.")]
    assert ours and {name: _queue(name) in QUEUE_NAMES[1:] for name in ours} == dict.fromkeys(
        ours, True
    )


def test_notifications_reports_and_periodic_jobs_are_apart():
    assert _queue("tasks.tasks.deliver_notifications") == "notifications"
    assert _queue("tasks.tasks.run_task_import") == "reports"
    assert _queue("tasks.tasks.send_reminders") == "periodic"
    assert _queue("reports.tasks.send_weekly_digest") == "periodic"


def test_every_periodic_job_the_migrations_install_is_routed_by_kind():
    # read from the migrations themselves: a transactional test may have flushed their rows
    schedules = import_module("tasks.migrations.0004_periodic_schedules")
    purge = import_module("accounts.migrations.0002_i12_purge_schedule")
    jobs = [task for task, *_ in schedules.CRONTABS.values()]
    jobs += [schedules.DELIVERY[1], purge.TASK]
    assert {job: _queue(job) for job in jobs} == {
        "tasks.tasks.sweep_overdue": "periodic",
        "reports.tasks.record_daily_snapshot": "periodic",
        "tasks.tasks.send_reminders": "periodic",
        "reports.tasks.send_weekly_digest": "periodic",
        "tasks.tasks.deliver_notifications": "notifications",
        "accounts.tasks.purge_audit_trail": "periodic",
    }


@pytest.mark.django_db
def test_a_jobs_runs_add_up_in_its_row(today, django_assert_num_queries):
    job_run_record(name="j", started_at=timezone.now(), seconds=0.5, succeeded=True)
    with django_assert_num_queries(1):
        job_run_record(name="j", started_at=timezone.now(), seconds=1.5, succeeded=False)
    run = JobRun.objects.get(name="j")
    assert (run.runs, run.failures, run.total_seconds, run.last_seconds) == (2, 1, 2.0, 1.5)
    assert run.last_succeeded is False


@pytest.mark.django_db
def test_a_job_run_eagerly_in_process_is_not_recorded():
    sweep_overdue.delay()  # the tests run jobs eagerly, as the embedded default does
    assert not JobRun.objects.exists()
