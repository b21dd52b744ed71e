"""Writes that stop or adjust a task: a coordinator's cancellation (dừng thực hiện) from a
business day, and the units' requests to stop or adjust a task, decided by coordinators
like extensions. Rules and history as in tasks/services.py."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resolutions.permissions import require_manage_task
from resolutions.selectors import User, recorded_user
from tasks import lifecycle
from tasks.models import ChangeRequest, Extension, Task, TaskChange
from tasks.notifications import Message, composed, notify, task_coordinators
from tasks.services import _check_business_day, _locked, _record, _save_new_version

Field = TaskChange.Field
Decision = Extension.Status


def _reason(text: str, field: str = "reason") -> str:
    text = text.strip()
    if not text:
        raise ValidationError({field: _("Give a reason.")})
    return text


@transaction.atomic
def task_cancel(*, user: User, task: Task, reason: str, on: date | None = None) -> Task:
    """A coordinator stops a task from business day `on` (default today; not in the future,
    not before it was assigned): it counts as before up to the day before, and nowhere from
    `on` on. Unit staff never cancel (they send a request); the reason is kept in history."""
    locked = _locked(task, None)
    lifecycle.require("cancel", user, locked)
    reason = _reason(reason)
    on = on or timezone.localdate()
    _check_business_day(on, locked, "cancelled_on")
    _record(locked, user, Field.STATUS, locked.status, Task.Status.CANCELLED, reason, on)
    _record(locked, user, Field.CANCELLED_ON, None, on, reason, on)
    locked.status = Task.Status.CANCELLED
    locked.cancelled_on = on
    locked.overdue_since = None
    locked = _save_new_version(locked)
    # a pending request to stop or adjust it is answered by the cancellation
    locked.change_requests.filter(status=Decision.PENDING).update(
        status=Decision.APPROVED, decided_by=recorded_user(user), decided_on=on
    )
    return locked


@transaction.atomic
def change_request_create(*, user: User, task: Task, kind: str, reason: str) -> ChangeRequest:
    """Unit staff ask for a task to be stopped or adjusted (đề nghị dừng thực hiện / điều
    chỉnh), with a reason; one pending request per task; coordinators are told."""
    locked = _locked(task, None)
    lifecycle.require("request_change", user, locked)
    if kind not in ChangeRequest.Kind.values:
        raise ValidationError({"kind": _("Choose whether to stop or adjust the task.")})
    reason = _reason(reason)
    if locked.change_requests.filter(status=Decision.PENDING).exists():
        raise ValidationError(_("This task already has a request to stop or adjust it waiting."))
    request = ChangeRequest.objects.create(
        task=locked, kind=kind, reason=reason, requested_by=recorded_user(user)
    )
    _record(locked, user, Field.REQUEST, None, kind, reason)
    # Notifications (outbox), in this transaction:
    notify_change_requested(request, actor=user)
    return request


def _pending(user: User, request: ChangeRequest) -> ChangeRequest:
    locked = ChangeRequest.objects.select_for_update().select_related("task").get(pk=request.pk)
    require_manage_task(user, locked.task)
    if locked.status != Decision.PENDING:
        raise ValidationError(_("This request has already been decided."))
    return locked


@transaction.atomic
def change_request_approve(
    *, user: User, request: ChangeRequest, on: date | None = None, note: str = ""
) -> ChangeRequest:
    """Approve: a request to stop cancels the task from business day `on` (default today);
    a request to adjust is granted, and the coordinator then edits the task."""
    locked = _pending(user, request)
    on = on or timezone.localdate()
    _check_business_day(on, locked.task, "decided_on")
    if locked.kind == ChangeRequest.Kind.CANCEL:
        task_cancel(user=user, task=locked.task, reason=note or locked.reason, on=on)
    locked.status, locked.decided_by = Decision.APPROVED, recorded_user(user)
    locked.decided_on, locked.decision_note = on, note.strip()
    locked.save()
    notify_change_request_decided(locked, actor=user)
    return locked


@transaction.atomic
def change_request_reject(*, user: User, request: ChangeRequest, note: str) -> ChangeRequest:
    """Reject with a reason the requester reads; the task stays as it is."""
    locked = _pending(user, request)
    locked.decision_note = _reason(note, "note")
    locked.status, locked.decided_by = Decision.REJECTED, recorded_user(user)
    locked.decided_on = timezone.localdate()
    locked.save()
    notify_change_request_decided(locked, actor=user)
    return locked


def notify_change_requested(request: ChangeRequest, *, actor: User) -> None:
    """Coordinators decide requests to stop or adjust: tell them one is waiting."""
    task = request.task

    def build():
        return Message(
            kind="change_requested",
            key=f"change-requested:{request.pk}",
            subject=_("%(request)s requested: %(task)s")
            % {"request": request.get_kind_display(), "task": task.title},
            body=f"{task.lead_unit}: {request.reason}",
            task_id=task.pk,
        )

    notify([(composed(build), task_coordinators(task, but=actor))])


def notify_change_request_decided(request: ChangeRequest, *, actor: User) -> None:
    """The requester learns the decision."""
    requester = request.requested_by
    if requester is None or requester.pk == actor.pk:
        return
    task = request.task

    def build():
        values = {"request": request.get_kind_display(), "task": task.title}
        if request.status == Decision.APPROVED:
            subject = _("Request approved (%(request)s): %(task)s") % values
        else:
            subject = _("Request rejected (%(request)s): %(task)s") % values
        return Message(
            kind="change_request_decided",
            key=f"change-decided:{request.pk}",
            subject=subject,
            body=request.decision_note,
            task_id=task.pk,
        )

    notify([(composed(build), [requester])])
