"""Writes of operations: a finished job run added to its job's row."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from operations.models import JobRun


def job_run_record(*, name: str, started_at: datetime, seconds: float, succeeded: bool) -> None:
    """Adds one finished run of the job `name` to its JobRun row, creating the row on the
    job's first run. One UPDATE (two more the first time), safe with several workers."""
    changes = {
        "last_started_at": started_at,
        "last_finished_at": timezone.now(),
        "last_seconds": seconds,
        "last_succeeded": succeeded,
        "runs": F("runs") + 1,
        "failures": F("failures") + (0 if succeeded else 1),
        "total_seconds": F("total_seconds") + seconds,
    }
    if JobRun.objects.filter(name=name).update(**changes):
        return
    try:
        with transaction.atomic():
            JobRun.objects.create(name=name)
    except IntegrityError:  # another worker recorded the job's first run meanwhile
        pass
    JobRun.objects.filter(name=name).update(**changes)
