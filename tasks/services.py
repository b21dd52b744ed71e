"""Every write on tasks. Each function is one user action: permission checked, history
written in the same transaction."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from resolutions.models import Document, Unit
from resolutions.selectors import User, can_manage, recorded_user
from tasks.models import Extension, Task, TaskChange
from tasks.notifications import (
    notify_completion_reported,
    notify_extension_decided,
    notify_extension_requested,
)
from tasks.selectors import can_change_task


def _record(
    task: Task,
    user: User | None,
    field: str,
    before,
    after,
    note: str = "",
    on: date | None = None,
) -> None:
    TaskChange.objects.create(
        task=task,
        changed_by=recorded_user(user) if user else None,
        field=field,
        effective_on=on or timezone.localdate(),
        before="" if before is None else str(before),
        after="" if after is None else str(after),
        note=note,
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not change this task."))


@transaction.atomic
def task_create(
    *,
    user: User,
    document: Document,
    title: str,
    lead_unit: Unit,
    assigned_on: date,
    deadline: date | None = None,
    supporting_units: Iterable[Unit] = (),
    description: str = "",
) -> Task:
    """Assign a task to `lead_unit`; without a deadline it is ongoing (thường xuyên)."""
    _require(can_manage(user))
    task = Task(
        document=document,
        title=title.strip(),
        lead_unit=lead_unit,
        assigned_on=assigned_on,
        original_deadline=deadline,
        deadline=deadline,
        description=description,
    )
    if deadline and deadline < assigned_on:
        raise ValidationError({"deadline": _("The deadline cannot be before the assigned date.")})
    task.full_clean(exclude=["supporting_units"])
    task.save()
    task.supporting_units.set([u for u in supporting_units if u.pk != lead_unit.pk])
    _record(task, user, "created", None, task.title, on=assigned_on)
    return task


@transaction.atomic
def task_report_progress(
    *,
    user: User,
    task: Task,
    status: str,
    percent: int,
    note: str = "",
    on: date | None = None,
    expected_version: int | None = None,
) -> Task:
    """Report status and percent as of business day `on` (default today). A completed task
    gets 100% and its completion date; `expected_version` refuses a stale form."""
    _require(can_change_task(user, task))
    today = timezone.localdate()
    on = on or today
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(
            _("Someone else changed this task after you opened it. Check the newer figures."),
            code="stale",
        )
    if status not in Task.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": _("Percent must be between 0 and 100.")})
    if on > today:
        raise ValidationError({"on": _("The date cannot be in the future.")})
    if on < locked.assigned_on:
        raise ValidationError({"on": _("The date cannot be before the assigned date.")})
    if status == Task.Status.COMPLETED:
        percent = 100
    changes = {"status": (locked.status, status), "percent": (locked.percent, percent)}
    completed_on = on if status == Task.Status.COMPLETED else None
    if status == Task.Status.COMPLETED and locked.status == Task.Status.COMPLETED:
        completed_on = locked.completed_on
    changes["completed_on"] = (locked.completed_on, completed_on)
    for field, (before, after) in changes.items():
        if before != after:
            _record(locked, user, field, before, after, note, on)
            setattr(locked, field, after)
    if note and all(before == after for before, after in changes.values()):
        _record(locked, user, "note", None, None, note, on)
    if status != Task.Status.NOT_STARTED and locked.started_on is None:
        locked.started_on = on
    if status != Task.Status.COMPLETED:
        locked.completion_confirmed_at = None
    locked.version = F("version") + 1
    locked.save()
    locked.refresh_from_db()
    # Notifications (outbox), in this transaction:
    status_before, status_after = changes["status"]
    if status_after == Task.Status.COMPLETED and status_before != Task.Status.COMPLETED:
        notify_completion_reported(locked, actor=user)
    return locked


@transaction.atomic
def extension_request(
    *, user: User, task: Task, requested_deadline: date, reason: str
) -> Extension:
    """Ask to move the deadline in force; stays pending until a coordinator decides."""
    _require(can_change_task(user, task))
    if task.deadline is None:
        raise ValidationError(_("An ongoing task has no deadline to extend."))
    if requested_deadline <= task.deadline:
        raise ValidationError(
            {"requested_deadline": _("The new deadline must be after the deadline in force.")}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    if task.extensions.filter(status=Extension.Status.PENDING).exists():
        raise ValidationError(_("This task already has an extension request waiting."))
    extension = Extension.objects.create(
        task=task,
        requested_by=recorded_user(user),
        previous_deadline=task.deadline,
        requested_deadline=requested_deadline,
        reason=reason.strip(),
    )
    # Notifications (outbox), in this transaction:
    notify_extension_requested(extension, actor=user)
    return extension


@transaction.atomic
def extension_approve(
    *, user: User, extension: Extension, on: date | None = None, note: str = ""
) -> Extension:
    """Approve: the deadline in force moves from business day `on`; the original stays."""
    _require(can_manage(user))
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    if extension.status != Extension.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    task = Task.objects.select_for_update().get(pk=extension.task_id)
    extension.status = Extension.Status.APPROVED
    extension.decided_by = recorded_user(user)
    extension.decided_on = on or timezone.localdate()
    extension.decision_note = note
    extension.save()
    _record(
        task,
        user,
        "deadline",
        task.deadline,
        extension.requested_deadline,
        note,
        extension.decided_on,
    )
    task.deadline = extension.requested_deadline
    task.extension_count = F("extension_count") + 1
    task.overdue_since = None
    task.version = F("version") + 1
    task.save()
    # Notifications (outbox), in this transaction:
    notify_extension_decided(extension, actor=user)
    return extension


@transaction.atomic
def extension_reject(*, user: User, extension: Extension, note: str) -> Extension:
    """Reject with a reason the requester will read; the deadline stays."""
    _require(can_manage(user))
    if not note.strip():
        raise ValidationError({"note": _("Give the reason for rejecting.")})
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    if extension.status != Extension.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    extension.status = Extension.Status.REJECTED
    extension.decided_by = recorded_user(user)
    extension.decided_on = timezone.localdate()
    extension.decision_note = note.strip()
    extension.save()
    # Notifications (outbox), in this transaction:
    notify_extension_decided(extension, actor=user)
    return extension
