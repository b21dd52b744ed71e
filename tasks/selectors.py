"""Reads of tasks. Visibility is decided here once, for pages, API and exports alike."""

from django.db.models import Q, QuerySet

from resolutions.selectors import Role, User, role_of, sees_every_unit, staff_unit, unit_of
from tasks.models import Task


def tasks_visible_to(user: User) -> QuerySet[Task]:
    """Coordinators, leaders and administrators see every task; unit staff see the tasks
    their unit (or a unit below it) leads, and those it supports."""
    if sees_every_unit(user):
        return Task.objects.all()
    unit = staff_unit(user)
    if unit is None:
        return Task.objects.none()
    supported = Task.supporting_units.through.objects.filter(unit=unit).values("task_id")
    return Task.objects.filter(Q(lead_unit__path__startswith=unit.path) | Q(pk__in=supported))


def can_change_task(user: User, task: Task) -> bool:
    """Coordinators and administrators change any task; staff only their unit's own."""
    role = role_of(user)
    if role in (Role.COORDINATOR, Role.ADMIN):
        return True
    unit = unit_of(user)
    return role == Role.STAFF and unit is not None and task.lead_unit.path.startswith(unit.path)
