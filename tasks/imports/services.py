"""The import's writes: check an upload (nothing created), then confirm it: every row
checked again and created in one transaction, or none. Large imports run in Celery and
tell their progress through the cache, which other connections can read while the
transaction is still open."""

from dataclasses import asdict
from typing import IO

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resolutions.selectors import User, recorded_user
from resolutions.services import require_manager
from tasks.imports.checking import check_rows
from tasks.imports.reading import read_rows
from tasks.models import TaskImport
from tasks.services import NewTaskRow, task_create_many

PROGRESS_SECONDS = 3600


def _progress_key(task_import: TaskImport) -> str:
    return f"task-import:{task_import.pk}:created"


def import_progress(task_import: TaskImport) -> int:
    """Rows created so far, in percent (100 once done)."""
    if task_import.status == TaskImport.Status.DONE:
        return 100
    created = cache.get(_progress_key(task_import), 0)
    return min(99, created * 100 // max(task_import.row_count, 1))


def task_import_check(*, user: User, upload: IO[bytes], name: str, size: int) -> TaskImport:
    """Read and check every row of an uploaded spreadsheet; nothing is created yet. A file
    that cannot be read at all raises ValidationError; bad rows are kept as errors."""
    require_manager(user)
    rows = read_rows(upload, size=size)
    checked = check_rows(rows, user=user)
    return TaskImport.objects.create(
        created_by=recorded_user(user),
        file_name=name[:255],
        rows=rows,
        errors=[asdict(error) for error in checked.errors],
    )


def _not_done_yet(task_import: TaskImport) -> None:
    if task_import.status != TaskImport.Status.CHECKED:
        raise ValidationError(_("This import was already confirmed."), code="confirmed")


def task_import_confirm(*, user: User, task_import: TaskImport) -> TaskImport:
    """Create the import's tasks: now for a small file, in Celery for a large one. Refused,
    with nothing created, while any row is bad (checked again now)."""
    from tasks.tasks import run_task_import

    require_manager(user)
    with transaction.atomic():
        task_import = TaskImport.objects.select_for_update().get(pk=task_import.pk)
        _not_done_yet(task_import)
        checked = check_rows(task_import.rows, user=user)
        task_import.errors = [asdict(error) for error in checked.errors]
        if checked.errors:
            task_import.save(update_fields=["errors"])
            raise ValidationError(
                _("%(count)s rows have errors: nothing was imported.")
                % {"count": task_import.bad_rows},
                code="bad_rows",
            )
        if task_import.row_count <= settings.TASK_IMPORT_SYNC_ROWS:
            return _create(task_import, checked.tasks, user=user)
        task_import.status = TaskImport.Status.QUEUED
        task_import.save(update_fields=["errors", "status"])
        pk = task_import.pk
        transaction.on_commit(lambda: run_task_import.delay(pk))
    return task_import


def _create(task_import: TaskImport, rows: list[NewTaskRow], *, user: User) -> TaskImport:
    key = _progress_key(task_import)
    task_create_many(
        user=user, rows=rows, progress=lambda done: cache.set(key, done, PROGRESS_SECONDS)
    )
    task_import.status = TaskImport.Status.DONE
    task_import.created_count = len(rows)
    task_import.finished_at = timezone.now()
    task_import.save(update_fields=["errors", "status", "created_count", "finished_at"])
    return task_import


def task_import_run(*, task_import: TaskImport) -> TaskImport:
    """Create every row of a confirmed import in one transaction, as its uploader, or none:
    the import is then marked failed with the reasons as its errors."""
    checked = None
    try:
        with transaction.atomic():
            task_import = TaskImport.objects.select_for_update().get(pk=task_import.pk)
            if task_import.status == TaskImport.Status.DONE:
                return task_import  # a retried Celery task: created already
            if task_import.created_by is None:
                raise ValidationError(_("The rows changed since they were checked."))
            checked = check_rows(task_import.rows, user=task_import.created_by)
            if checked.errors:
                raise ValidationError(_("The rows changed since they were checked."))
            return _create(task_import, checked.tasks, user=task_import.created_by)
    except ValidationError as error:
        errors = [asdict(e) for e in checked.errors] if checked else []
        TaskImport.objects.filter(pk=task_import.pk).update(
            status=TaskImport.Status.FAILED,
            errors=errors or [{"row": 0, "column": "", "message": " ".join(error.messages)}],
        )
        raise
