"""Celery jobs of accounts: a thin call into the service."""

from celery import shared_task

from accounts import services


@shared_task
def purge_audit_trail() -> int:
    """Daily: remove audit events older than AUDIT_RETENTION_DAYS."""
    return services.audit_trail_purge()
