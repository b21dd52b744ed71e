"""Celery queues by kind of work (issue 18), so a large import never delays a reminder:
notifications are emailed by workers that never take a report or an import."""

from kombu import Queue

DEFAULT = "celery"
NOTIFICATIONS = "notifications"
REPORTS = "reports"  # periodic reports, imports: long jobs
PERIODIC = "periodic"  # the daily and weekly jobs of beat
QUEUE_NAMES = (DEFAULT, NOTIFICATIONS, REPORTS, PERIODIC)

QUEUES = [Queue(name, routing_key=name) for name in QUEUE_NAMES]
ROUTES = {
    "tasks.tasks.deliver_notifications": {"queue": NOTIFICATIONS},
    "tasks.tasks.run_task_import": {"queue": REPORTS},
    "tasks.tasks.sweep_overdue": {"queue": PERIODIC},
    "tasks.tasks.send_reminders": {"queue": PERIODIC},
    "reports.tasks.record_daily_snapshot": {"queue": PERIODIC},
    "reports.tasks.send_weekly_digest": {"queue": PERIODIC},
    "accounts.tasks.purge_audit_trail": {"queue": PERIODIC},
}
