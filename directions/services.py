"""Leaders' directions (ý kiến chỉ đạo): writes, with the lead units told through the
outbox in the same transaction, and the reads the task and document pages show."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from directions.models import Direction
from resolutions.models import Document
from resolutions.permissions import may_read_dashboards
from resolutions.selectors import User, recorded_user
from tasks.models import Task, TaskChange
from tasks.notifications import Message, Role, composed, members, notify


def may_direct(user: User) -> bool:
    """Leaders, and coordinators writing for them, direct the work of their tree."""
    return may_read_dashboards(user)


def require_direct(user: User) -> None:
    if not may_direct(user):
        raise PermissionDenied(_("Only leaders and coordinators write directions."))


@transaction.atomic
def direction_give(
    *, user: User, text: str, task: Task | None = None, document: Document | None = None
) -> Direction:
    """A direction on one task (its lead unit is told, the task's history records it) or
    one document (the lead units of its open tasks are told)."""
    require_direct(user)
    if (task is None) == (document is None):
        raise ValidationError(_("A direction is on exactly one task or one document."))
    if not text.strip():
        raise ValidationError({"text": _("Write the direction.")})
    direction = Direction.objects.create(
        task=task,
        document=document,
        text=text.strip(),
        given_by=recorded_user(user),
        given_on=timezone.localdate(),
    )
    if task is not None:
        units = [task.lead_unit_id]
        # the task's timeline shows it among its changes (its text as the entry's note)
        TaskChange.objects.create(
            task=task,
            changed_by=direction.given_by,
            field=TaskChange.Field.DIRECTION,
            effective_on=direction.given_on,
            note=direction.text,
        )
    else:
        open_tasks = Task.objects.filter(document=document).exclude(
            status__in=[Task.Status.COMPLETED, Task.Status.CANCELLED]
        )
        units = list(open_tasks.values_list("lead_unit", flat=True).distinct())
    staff = members(Role.STAFF, but=user).filter(membership__unit__in=units)

    def build():
        about = task.title if task is not None else document.code  # type: ignore[union-attr]
        return Message(
            kind="direction_given",
            key=f"direction:{direction.pk}",
            subject=_("Direction: %(about)s") % {"about": about},
            body=direction.text,
            task_id=task.pk if task is not None else None,
        )

    notify([(composed(build), staff)])
    return direction


def directions_for_task(task: Task) -> QuerySet[Direction]:
    """The directions on the task and on its document, newest first."""
    return (
        Direction.objects.filter(Q(task=task) | Q(document_id=task.document_id))
        .select_related("given_by", "document")
        .order_by("-given_on", "-id")
    )
