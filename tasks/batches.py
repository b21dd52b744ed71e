"""Assigning one task to many lead units as one batch (issue 16): the coordinator sees what
will be created, confirms, lands on exactly the tasks created, and may undo the batch for a
while, as one cancellation with a reason in each task's history. Coordinators also confirm
several reported completions at once."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.cache import data_changed
from resolutions.selectors import User, can_manage, recorded_user
from tasks import services
from tasks.models import AssignmentBatch, Task, TaskChange

# How long a coordinator may undo an assignment batch.
UNDO_WINDOW = timedelta(hours=24)
Field = TaskChange.Field


def may_undo(user: User, batch: AssignmentBatch) -> bool:
    """A coordinator may undo a batch not yet undone, within UNDO_WINDOW of its creation."""
    return (
        can_manage(user)
        and batch.undone_at is None
        and timezone.now() - batch.created_at <= UNDO_WINDOW
    )


def require_undo(user: User, batch: AssignmentBatch) -> None:
    """PermissionDenied, with the reason, unless `user` may undo `batch`."""
    if not can_manage(user):
        raise PermissionDenied(_("Only coordinators and administrators may do this."))
    if batch.undone_at is not None:
        raise PermissionDenied(_("This assignment has already been undone."))
    if not may_undo(user, batch):
        raise PermissionDenied(_("An assignment can be undone only within 24 hours."))


@transaction.atomic
def batch_assign(*, user: User, **assignment) -> AssignmentBatch:
    """`services.task_assign_many(user=user, **assignment)`, the created tasks kept as one
    batch: three more queries whatever the number of tasks."""
    tasks = services.task_assign_many(user=user, **assignment)
    batch = AssignmentBatch.objects.create(
        document=assignment["document"],
        title=tasks[0].title,
        created_by=recorded_user(user),
    )
    batch.tasks.add(*tasks)
    return batch


def batch_tasks(batch: AssignmentBatch) -> QuerySet[Task]:
    """The tasks `batch` created."""
    return Task.objects.filter(assignment_batches=batch)


@transaction.atomic
def batch_undo(*, user: User, batch: AssignmentBatch, reason: str) -> int:
    """Undo an assignment batch: each of its tasks is stopped (dừng thực hiện) from the day
    it was assigned, so it never counts, with `reason` in its history. Refused once any of
    them was reported on or changed: those are work, not a mistake to take back. Returns
    the number of tasks stopped; a fixed number of queries whatever the batch's size."""
    locked = AssignmentBatch.objects.select_for_update().get(pk=batch.pk)
    require_undo(user, locked)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    tasks = list(batch_tasks(locked).select_for_update().order_by("id"))
    touched = TaskChange.objects.filter(task__in=tasks).exclude(field=Field.CREATED)
    if any(t.status != Task.Status.NOT_STARTED for t in tasks) or touched.exists():
        raise ValidationError(
            _("Some of these tasks were already reported on or changed; stop them one by one.")
        )
    # one assignment: the tasks share their assigned day
    on = min(tasks[0].assigned_on, timezone.localdate())
    common = {"changed_by": recorded_user(user), "effective_on": on, "note": reason}
    TaskChange.objects.bulk_create(
        change
        for task in tasks
        for change in (
            TaskChange(
                task=task,
                field=Field.STATUS,
                before=task.status,
                after=Task.Status.CANCELLED,
                **common,
            ),
            TaskChange(task=task, field=Field.CANCELLED_ON, before="", after=str(on), **common),
        )
    )
    Task.objects.filter(pk__in=[t.pk for t in tasks]).update(
        status=Task.Status.CANCELLED, cancelled_on=on, overdue_since=None, version=F("version") + 1
    )
    data_changed()  # update() bypasses the signals that keep the summary cache fresh
    locked.undone_at, locked.undo_reason = timezone.now(), reason
    locked.save(update_fields=["undone_at", "undo_reason"])
    return len(tasks)


@transaction.atomic
def completions_confirm_many(*, user: User, tasks: QuerySet[Task]) -> int:
    """Confirm each reported completion of `tasks`, all or none, through the one-task
    service (its checks and history); returns how many were confirmed."""
    confirmed = 0
    for task in tasks.order_by("id"):
        try:
            services.task_confirm_completion(user=user, task=task)
        except ValidationError as error:
            raise ValidationError(f"{task.title}: {' '.join(error.messages)}") from error
        confirmed += 1
    return confirmed
