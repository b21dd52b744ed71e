"""Who sees and does what, from the roles a user holds at units (DOMAIN.md "Levels").

A membership is (user, unit, role); the role reaches the unit's tree, and a membership
without a unit (or a superuser) reaches every unit. Every list, picker, dashboard, export,
notification, the API and the admin read visibility from the `*_visible_to(user)`
selectors here; services call `require_*`, pages and forms ask `may_*`. No other module
restates a role.

- staff work on the tasks their unit's tree leads, and those their unit supports;
- leaders read their unit's tree;
- coordinators read their tree, manage the tasks whose lead unit lies in it and the
  documents a unit of it issues (with those documents' tasks);
- administrators (superusers) reach everything.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as AuthUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from reports.models import Target
from resolutions.models import Document, Membership, Unit
from tasks.models import Task

Role = Membership.Role
User = AuthUser | AnonymousUser  # the acting user, as request.user gives it

# Higher outranks lower: the role a page names for a user holding several.
ROLE_RANK = {Role.STAFF: 1, Role.COORDINATOR: 2, Role.LEADER: 3, Role.ADMIN: 4}
EVERY_ROLE = frozenset(Role)
MANAGING = frozenset({Role.COORDINATOR, Role.ADMIN})
READING = frozenset({Role.COORDINATOR, Role.LEADER, Role.ADMIN})
ROOT = ""  # the path prefix of a role held at the root: every path starts with it

_CACHE = "_held_roles"


@dataclass(frozen=True)
class Held:
    """One role a user holds, at `unit` (None: the root)."""

    role: str
    unit: Unit | None

    @property
    def path(self) -> str:
        return self.unit.path if self.unit is not None else ROOT


def held_roles(user: User) -> tuple[Held, ...]:
    """The roles `user` holds, highest first; a superuser administers the root, which
    reaches everything (no query). Read once per user object (one query), so a page asks
    as often as it likes."""
    if not user.is_authenticated:
        return ()
    if user.is_superuser:
        return (Held(role=Role.ADMIN, unit=None),)
    cached = getattr(user, _CACHE, None)
    if cached is None:
        rows = Membership.objects.filter(user=user).select_related("unit").order_by("id")
        held = [Held(role=m.role, unit=m.unit) for m in rows]
        cached = tuple(sorted(held, key=lambda h: -ROLE_RANK[Role(h.role)]))
        setattr(user, _CACHE, cached)
    return cached


def forget_roles(user: User) -> None:
    """Drop the roles read for `user`, after its memberships were rewritten."""
    user.__dict__.pop(_CACHE, None)


def _paths(user: User, roles: Iterable[str]) -> set[str]:
    wanted = set(roles)
    return {held.path for held in held_roles(user) if held.role in wanted}


def role_of(user: User) -> str | None:
    """The highest role `user` holds (superusers: administrator); None without one."""
    held = held_roles(user)
    return held[0].role if held else None


def unit_of(user: User) -> Unit | None:
    """The unit of the highest role `user` holds (None: at the root, or no role)."""
    held = held_roles(user)
    return held[0].unit if held else None


def reaches(user: User, unit: Unit | None, roles: Iterable[str] = EVERY_ROLE) -> bool:
    """Does one of `user`'s `roles` reach `unit` (None: the central level, which only a
    role at the root reaches)?"""
    paths = _paths(user, roles)
    if ROOT in paths:
        return True
    return unit is not None and any(unit.path.startswith(path) for path in paths)


def reach_filter(user: User, path_field: str, roles: Iterable[str] = EVERY_ROLE) -> Q:
    """For `filter()`: the rows whose unit (its path at `path_field`, e.g.
    "lead_unit__path") lies in the tree of one of `user`'s `roles`."""
    paths = _paths(user, roles)
    if ROOT in paths:  # every row; not Q(), which an OR would drop
        return Q(pk__isnull=False)
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{path_field}__startswith": path}) for path in sorted(paths)))


def sees_every_unit(user: User) -> bool:
    """A reading role held at the root: the central level, or an administrator."""
    return ROOT in _paths(user, READING)


def can_manage(user: User) -> bool:
    """A coordinator or administrator somewhere: enters documents and tasks of their tree
    (the nav's "Add" menu and review queue). What they may manage is `may_manage_*`."""
    return bool(_paths(user, MANAGING))


def may_read_dashboards(user: User) -> bool:
    """Leaders, coordinators and administrators read the dashboards of their tree."""
    return bool(_paths(user, READING))


# Visibility ---------------------------------------------------------------------------


def units_visible_to(user: User) -> QuerySet[Unit]:
    """The units in the tree of any role `user` holds."""
    return Unit.objects.filter(reach_filter(user, "path"))


def units_addressable_by(user: User) -> QuerySet[Unit]:
    """The active units `user` may address (a proposal): those of their trees and the
    units above them, never another province's."""
    return units_visible_to(user).filter(is_active=True) | Unit.objects.filter(
        is_active=True, code__in=_above(user)
    )


def units_managed_by(user: User) -> QuerySet[Unit]:
    """The units in the tree of `user`'s coordinator or administrator roles: what the task
    form's unit pickers offer, and whose people they manage."""
    return Unit.objects.filter(reach_filter(user, "path", MANAGING))


def _supported_by_staff(user: User) -> Q:
    units = [held.unit for held in held_roles(user) if held.role == Role.STAFF and held.unit]
    if not units:
        return Q(pk__in=[])
    through = Task.supporting_units.through.objects.filter(unit__in=units)
    return Q(pk__in=through.values("task_id"))


def tasks_visible_to(user: User) -> QuerySet[Task]:
    """The tasks whose lead unit lies in the tree of a role `user` holds, those a unit
    where `user` is staff supports, and the tasks of the documents `user` manages."""
    if sees_every_unit(user):
        return Task.objects.all()
    if not held_roles(user):
        return Task.objects.none()
    return Task.objects.filter(
        reach_filter(user, "lead_unit__path")
        | _supported_by_staff(user)
        | Q(document__in=documents_managed_by(user))
    )


def tasks_managed_by(user: User) -> QuerySet[Task]:
    """The tasks a coordinator of `user`'s decides on: lead unit in their tree, or of a
    document their tree issued."""
    if not _paths(user, MANAGING):
        return Task.objects.none()
    return Task.objects.filter(
        reach_filter(user, "lead_unit__path", MANAGING) | Q(document__in=documents_managed_by(user))
    )


def documents_managed_by(user: User) -> QuerySet[Document]:
    """The documents issued by a unit of the tree of `user`'s coordinator roles (every one
    for a role at the root, including the central level's)."""
    paths = _paths(user, MANAGING)
    if ROOT in paths:
        return Document.objects.all()
    if not paths:
        return Document.objects.none()
    return Document.objects.filter(reach_filter(user, "issuing_unit__path", MANAGING))


def _above(user: User) -> list[str]:
    """The codes of the units on the way to the root from each unit `user` holds a role at."""
    return sorted({code for held in held_roles(user) for code in held.path.split("/") if code})


def documents_visible_to(user: User) -> QuerySet[Document]:
    """The documents issued by a unit of `user`'s tree or by one above it (the central
    level's, the province's for a department), and those holding a task `user` sees;
    never another province's."""
    if sees_every_unit(user):
        return Document.objects.all()
    if not held_roles(user):
        return Document.objects.none()
    with_tasks = tasks_visible_to(user).values("document_id")
    return Document.objects.filter(
        reach_filter(user, "issuing_unit__path")
        | Q(issuing_unit__isnull=True)
        | Q(issuing_unit__code__in=_above(user))
        | Q(pk__in=with_tasks)
    )


def targets_visible_to(user: User) -> QuerySet[Target]:
    """The targets of the units in `user`'s tree."""
    return Target.objects.filter(reach_filter(user, "unit__path"))


def users_reaching(units: Iterable[Unit | None], roles: Iterable[str]) -> QuerySet[AuthUser]:
    """The active users holding one of `roles` at one of `units`, a unit above one, or the
    root: whom a notification about those units concerns."""
    codes = {code for unit in units if unit is not None for code in unit.path.split("/") if code}
    held = Membership.objects.filter(role__in=list(roles)).filter(
        Q(unit__isnull=True) | Q(unit__code__in=sorted(codes))
    )
    return AuthUser.objects.filter(is_active=True, pk__in=held.values("user_id"))


def coordinators_of(task: Task) -> QuerySet[AuthUser]:
    """The coordinators who decide on `task`: of its lead unit's tree or its document's
    issuer (and those at the root)."""
    return users_reaching([task.lead_unit, task.document.issuing_unit], {Role.COORDINATOR})


# Checks -------------------------------------------------------------------------------


def may_manage_document(user: User, document: Document) -> bool:
    """A coordinator whose tree holds the document's issuing unit (the root for a central
    document) edits it and adds its tasks."""
    return reaches(user, document.issuing_unit, MANAGING)


def may_coordinate(user: User, unit: Unit | None) -> bool:
    """A coordinator of `unit`'s tree (None: the central level) enters the documents it
    issues and changes its place in the tree."""
    return reaches(user, unit, MANAGING)


def may_manage_task(user: User, task: Task) -> bool:
    """A coordinator whose tree holds the task's lead unit, or who manages its document,
    decides on it: cancels, confirms, sends back, reopens, edits, approves extensions."""
    return reaches(user, task.lead_unit, MANAGING) or may_manage_document(user, task.document)


def may_change_task(user: User, task: Task) -> bool:
    """Those who manage the task, and the staff of its lead unit's tree, report on it."""
    return may_manage_task(user, task) or reaches(user, task.lead_unit, {Role.STAFF})


def may_break_down(user: User, task: Task) -> bool:
    """A coordinator whose tree holds the task's lead unit breaks an open task down into
    sub-tasks for the units of their tree."""
    return task.status in (Task.Status.NOT_STARTED, Task.Status.IN_PROGRESS) and reaches(
        user, task.lead_unit, MANAGING
    )


def require_manage_document(user: User, document: Document) -> None:
    if not may_manage_document(user, document):
        raise PermissionDenied(_("Only the coordinators of the issuing unit manage this document."))


def require_coordinate(user: User, unit: Unit | None) -> None:
    if not may_coordinate(user, unit):
        raise PermissionDenied(
            _("%(unit)s is outside the units you coordinate.")
            % {"unit": unit or _("The central level")}
        )


def require_manage_task(user: User, task: Task) -> None:
    if not may_manage_task(user, task):
        raise PermissionDenied(_("Only the coordinators of the task's units decide on it."))


def require_change_task(user: User, task: Task) -> None:
    if not may_change_task(user, task):
        raise PermissionDenied(_("You may not change this task."))


def require_lead_unit(user: User, *, unit: Unit) -> None:
    """A task (a sub-task too) goes to a unit of the assigning coordinator's tree: a
    province's coordinators never assign to another province's units."""
    if not reaches(user, unit, MANAGING):
        raise PermissionDenied(_("%(unit)s is outside the units you coordinate.") % {"unit": unit})


def require_break_down(user: User, task: Task) -> None:
    if not may_break_down(user, task):
        raise PermissionDenied(
            _("Only a coordinator of the lead unit's tree breaks an open task down.")
        )
