"""Tasks broken down level by level (DOMAIN.md "Levels"): a coordinator of the lead
unit's tree breaks a task into sub-tasks for units of that tree; the parent's percent may
follow its sub-tasks'; when every sub-task is done the parent's people are told, and
they report or confirm the parent's completion themselves."""

from datetime import date

from django.db import transaction
from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from resolutions.permissions import (
    Role,
    coordinators_of,
    may_break_down,
    require_break_down,
    tasks_visible_to,
    users_reaching,
)
from resolutions.selectors import User
from tasks.models import Extension, Task, TaskChange
from tasks.notifications import Message, composed, notify

Status = Task.Status
# A rolled-up percent stays below 100 until the parent itself is reported completed:
# 100% means completed, and the parent's completion is its lead unit's word.
ROLLED_UP_MAX = 99


def subtasks_of(task: Task) -> QuerySet[Task]:
    """The sub-tasks of `task`, with their lead unit and document, nearest deadline first."""
    return (
        Task.objects.filter(parent=task)
        .select_related("lead_unit", "document")
        .order_by(F("deadline").asc(nulls_last=True), "id")
    )


# Reports made on the sub-tasks shown on the parent's page for the level above.
SUBTASK_REPORTS_SHOWN = 20


def breakdown_context(user: User, task: Task) -> dict:
    """What the task page shows of the breakdown: its parent (if `user` sees it), the
    sub-tasks `user` sees with their progress, the latest reports made on them, and
    whether `user` may break the task down. One query; one more for a sub-task, two for
    a broken-down task."""
    visible = tasks_visible_to(user)
    parent = (
        visible.select_related("document").filter(pk=task.parent_id).first()
        if task.parent_id
        else None
    )
    subtasks = list(subtasks_of(task).filter(pk__in=visible.values("pk")))
    ids = [s.pk for s in subtasks]
    reports = (
        TaskChange.objects.filter(task__in=ids)
        .select_related("task__lead_unit", "changed_by")
        .order_by("-effective_on", "-id")[:SUBTASK_REPORTS_SHOWN]
        if ids
        else []
    )
    extensions = (
        Extension.objects.filter(task__in=ids, status=Extension.Status.PENDING)
        .select_related("task__lead_unit")
        .order_by("requested_at", "id")
        if ids
        else []
    )
    return {
        "parent": parent,
        "subtasks": subtasks,
        "subtask_reports": list(reports),
        "subtask_extensions": list(extensions),
        "may_break_down": may_break_down(user, task),
    }


def _live(task_id: int) -> QuerySet[Task]:
    return Task.objects.filter(parent_id=task_id).exclude(status=Status.CANCELLED)


def rolled_up_percent(task: Task) -> int | None:
    """The mean percent of `task`'s sub-tasks not stopped (None without any), capped
    below 100 (one aggregate query)."""
    mean = _live(task.pk).aggregate(mean=Avg("percent"))["mean"]
    return None if mean is None else min(round(mean), ROLLED_UP_MAX)


@transaction.atomic
def task_set_rollup(*, user: User, task: Task, rolls_up: bool) -> Task:
    """The coordinator chooses: the parent's percent rolled up from its sub-tasks, or
    reported by hand. Rolling up takes the sub-tasks' percent at once."""
    require_break_down(user, task)
    Task.objects.filter(pk=task.pk).update(rolls_up=rolls_up, version=F("version") + 1)
    task.refresh_from_db()
    if rolls_up:
        parent_follow(task.pk, user=user, on=timezone.localdate())
        task.refresh_from_db()
    return task


def parent_follow(parent_id: int, *, user: User, on: date) -> None:
    """After a report on a sub-task of `parent_id`: a rolled-up parent takes its
    sub-tasks' percent (with a history row, as any change of percent); when every
    sub-task is completed the parent's lead unit and coordinators are told."""
    from tasks.services import _record  # the one history writer; services import this

    parent = (
        Task.objects.select_for_update().select_related("lead_unit", "document").get(pk=parent_id)
    )
    open_ = parent.status in (Status.NOT_STARTED, Status.IN_PROGRESS)
    if parent.rolls_up and open_:
        percent = rolled_up_percent(parent)
        if percent is not None and percent != parent.percent:
            _record(parent, user, TaskChange.Field.PERCENT, parent.percent, percent, "", on)
            if parent.status == Status.NOT_STARTED and percent > 0:
                _record(
                    parent, user, TaskChange.Field.STATUS, parent.status, Status.IN_PROGRESS, "", on
                )
                parent.status, parent.started_on = Status.IN_PROGRESS, parent.started_on or on
            parent.percent = percent
            parent.version = F("version") + 1
            parent.save(update_fields=["percent", "status", "started_on", "version"])
    counts = _live(parent.pk).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=Status.COMPLETED))
    )
    if open_ and counts["total"] and counts["total"] == counts["done"]:
        _notify_subtasks_done(parent, actor=user)


def _notify_subtasks_done(parent: Task, *, actor: User) -> None:
    def build():
        return Message(
            kind="subtasks_done",
            key=f"subtasks-done:{parent.pk}",
            subject=_("Every sub-task is done: %(task)s") % {"task": parent.title},
            body=_(
                "Every sub-task of “%(task)s” is completed. Report or confirm the "
                "completion of the task itself."
            )
            % {"task": parent.title},
            task_id=parent.pk,
        )

    staff = users_reaching([parent.lead_unit], {Role.STAFF}).filter(
        membership__unit=parent.lead_unit
    )
    told = (staff | coordinators_of(parent)).distinct()
    if actor.pk is not None:
        told = told.exclude(pk=actor.pk)
    notify([(composed(build), told)])
