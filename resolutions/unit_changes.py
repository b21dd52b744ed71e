"""Moving and merging units: the one door (the admin calls these too). A unit's `path`
decides who sees which tasks, so a move rewrites the whole subtree in one transaction,
through `Unit.derive`, and is recorded; a merge moves the open tasks to the successor,
with history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from resolutions.models import Unit, UnitEvent
from resolutions.permissions import require_coordinate
from resolutions.selectors import User, recorded_user
from tasks.models import Task, TaskChange


def _rewrite_subtree(unit: Unit, parent: Unit | None) -> None:
    """`unit` under `parent`, and every unit below it with its path recomputed."""
    # in path order, each unit comes after its parent, whose new path is then known
    subtree = list(Unit.objects.filter(path__startswith=unit.path).order_by("path"))
    paths: dict[int, str] = {}
    for member in subtree:
        if member.pk == unit.pk:
            member.parent = parent
            member.derive(parent.path if parent else "")
        else:
            member.derive(paths[member.parent_id])  # type: ignore[index]
        paths[member.pk] = member.path
    Unit.objects.bulk_update(subtree, ["parent", "path", "name_key"], batch_size=1000)


@transaction.atomic
def unit_move(*, user: User, unit: Unit, parent: Unit | None, note: str = "") -> Unit:
    """Put `unit` under `parent` (None: at the top). Every sub-unit's path follows; the
    move is recorded. A unit cannot go under itself or one of its sub-units."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    require_coordinate(user, unit)
    require_coordinate(user, parent)
    if parent is not None:
        parent = Unit.objects.get(pk=parent.pk)
        if parent.path.startswith(unit.path):
            raise ValidationError({"parent": _("A unit cannot be placed under itself.")})
    before = unit.path
    _rewrite_subtree(unit, parent)
    unit.refresh_from_db()
    if unit.path != before:
        UnitEvent.objects.create(
            unit=unit,
            kind=UnitEvent.Kind.MOVED,
            before=before,
            after=unit.path,
            by=recorded_user(user),
            note=note,
        )
    return unit


@transaction.atomic
def unit_merge(*, user: User, unit: Unit, into: Unit, note: str = "") -> Unit:
    """Merge `unit` into its successor `into`: it stays (inactive, linked to `into`) so
    older tasks and reports keep their meaning; its sub-units move under `into`; its open
    tasks are led by `into` from today, each with a history row. Recorded."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    into = Unit.objects.get(pk=into.pk)
    require_coordinate(user, unit)
    require_coordinate(user, into)
    if into.path.startswith(unit.path):
        raise ValidationError({"successor": _("A unit cannot be merged into itself.")})
    if not into.is_active:
        raise ValidationError({"successor": _("Merge into an active unit.")})
    for child in Unit.objects.filter(parent=unit):
        unit_move(user=user, unit=child, parent=into, note=note)
    open_tasks = list(
        Task.objects.select_for_update()
        .filter(lead_unit=unit, status__in=[Task.Status.NOT_STARTED, Task.Status.IN_PROGRESS])
        .order_by("pk")
    )
    today = timezone.localdate()
    TaskChange.objects.bulk_create(
        TaskChange(
            task=task,
            changed_by=recorded_user(user),
            effective_on=today,
            field=TaskChange.Field.LEAD_UNIT,
            before=unit.code,
            after=into.code,
            note=note,
        )
        for task in open_tasks
    )
    Task.objects.filter(pk__in=[task.pk for task in open_tasks]).update(
        lead_unit=into, version=F("version") + 1
    )
    Unit.objects.filter(pk=unit.pk).update(is_active=False, successor=into)
    UnitEvent.objects.create(
        unit=unit,
        kind=UnitEvent.Kind.MERGED,
        before=unit.code,
        after=into.code,
        by=recorded_user(user),
        note=note or _("%(count)s open tasks moved") % {"count": len(open_tasks)},
    )
    unit.refresh_from_db()
    return unit
