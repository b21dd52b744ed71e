"""Celery tasks for tasks and notifications: thin calls into tasks.notifications.

Each is safe to run twice (the services are idempotent), so retries cannot double anything.
"""

from celery import shared_task
from django.core.exceptions import ValidationError
from django.utils import timezone

from proposals.explanations import explanation_reminders_send  # issue 15
from tasks import notifications

RETRY = {"autoretry_for": (Exception,), "retry_backoff": 30, "retry_backoff_max": 1800}


@shared_task(max_retries=3, **RETRY)
def sweep_overdue() -> int:
    """Daily just after midnight, or on demand: flag overdue tasks, tell their units."""
    return notifications.overdue_sweep(today=timezone.localdate())


@shared_task(max_retries=3, **RETRY)
def send_reminders() -> int:
    """Daily: deadlines in 7, 3 and 1 days; extension requests waiting too long; explanation
    requests due tomorrow or late."""
    today = timezone.localdate()
    return (
        notifications.deadline_reminders_send(today=today)
        + notifications.waiting_extension_reminders_send(today=today)
        + explanation_reminders_send(today=today)
    )


@shared_task(max_retries=6, **RETRY)
def deliver_notifications() -> int:
    """Enqueued when notifications are committed, and run periodically to pick up whatever
    could not be enqueued (broker down) or failed to send."""
    return notifications.notifications_deliver_pending()


@shared_task(max_retries=3, **RETRY)
def run_task_import(import_id: int) -> int:
    """A confirmed large import (issue 14): all its rows created in one transaction; a row
    that turned bad since the check fails the import, recorded on it, without a retry."""
    from tasks.imports.services import task_import_run
    from tasks.models import TaskImport

    try:
        return task_import_run(task_import=TaskImport.objects.get(pk=import_id)).created_count
    except ValidationError:
        return 0
