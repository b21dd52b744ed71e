"""Every run of a Celery job in a worker is recorded (operations.JobRun): when it ran, how
long it took, whether it succeeded. Eager runs (no worker, and the tests) are not."""

import logging
import time
from datetime import datetime

from celery import signals
from django.utils import timezone

from operations.services import job_run_record

logger = logging.getLogger(__name__)
# task id -> (monotonic start, wall-clock start), in the pool process running it
_running: dict[str, tuple[float, datetime]] = {}


def _started(task_id=None, task=None, **_) -> None:
    if task is not None and not task.request.is_eager:
        _running[task_id] = (time.monotonic(), timezone.now())


def _finished(task_id=None, task=None, state=None, **_) -> None:
    start = _running.pop(task_id, None)
    if start is None or task is None:
        return
    try:
        job_run_record(
            name=task.name,
            started_at=start[1],
            seconds=time.monotonic() - start[0],
            succeeded=state == "SUCCESS",
        )
    except Exception:  # the job's own outcome stands whatever happens to its record
        logger.exception("Could not record the run of %s", task.name)


def connect() -> None:
    signals.task_prerun.connect(_started, weak=False, dispatch_uid="operations-job-started")
    signals.task_postrun.connect(_finished, weak=False, dispatch_uid="operations-job-finished")
