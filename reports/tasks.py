"""Celery tasks for reports: thin calls into reports.services."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from reports import services
from tasks.tasks import RETRY


@shared_task(max_retries=3, **RETRY)
def record_daily_snapshot() -> int:
    """Just after midnight: the counts of the day that has just ended."""
    return services.daily_snapshot_record(day=timezone.localdate() - timedelta(days=1))


@shared_task(max_retries=3, **RETRY)
def send_weekly_digest() -> int:
    """Monday morning: each leader gets the week's figures per document."""
    return services.weekly_digest_send(today=timezone.localdate())
