"""The periodic schedule ships as data (a migration): every entry names a real task."""

from importlib import import_module

import pytest
from django.apps import apps
from django_celery_beat.models import PeriodicTask

from tracker.celery import app

schedules = import_module("tasks.migrations.0004_periodic_schedules")
pytestmark = pytest.mark.django_db


@pytest.fixture
def installed():
    PeriodicTask.objects.all().delete()  # other tests' flushes may have emptied it anyway
    schedules.add_schedules(apps, None)
    schedules.add_schedules(apps, None)
    return PeriodicTask.objects.all()


def test_installing_the_schedule_twice_adds_each_job_once(installed):
    assert installed.count() == 5


def test_every_scheduled_job_is_a_registered_celery_task(installed):
    app.loader.import_default_modules()
    assert {job.task for job in installed} <= set(app.tasks)


def test_the_sweep_runs_just_after_midnight_in_viet_nam(installed):
    crontab = installed.get(task="tasks.tasks.sweep_overdue").crontab
    assert (crontab.hour, crontab.minute, str(crontab.timezone)) == ("0", "5", "Asia/Ho_Chi_Minh")
