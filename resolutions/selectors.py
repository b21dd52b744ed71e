"""Reads about units, documents and who a user is."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as AuthUser
from django.db.models import QuerySet

from resolutions.models import Document, Membership, Unit

Role = Membership.Role
User = AuthUser | AnonymousUser  # the acting user, as request.user gives it


def recorded_user(user: User) -> AuthUser | None:
    """The user to store as the author of a change; None for the anonymous."""
    return user if user.is_authenticated else None


def role_of(user: User) -> str | None:
    """The user's role; superusers are administrators; None for anyone without one."""
    if not user.is_authenticated:
        return None
    if getattr(user, "is_superuser", False):
        return Role.ADMIN
    membership = getattr(user, "membership", None)
    return membership.role if membership else None


def unit_of(user: User) -> Unit | None:
    membership = getattr(user, "membership", None) if user.is_authenticated else None
    return membership.unit if membership else None


def sees_every_unit(user: User) -> bool:
    """Coordinators, leaders and administrators read the data of every unit."""
    return role_of(user) in (Role.COORDINATOR, Role.LEADER, Role.ADMIN)


def staff_unit(user: User) -> Unit | None:
    """The unit whose data (with the units below it) a unit staff member reads; None for
    anyone else and for staff without a unit."""
    return unit_of(user) if role_of(user) == Role.STAFF else None


def can_manage(user: User) -> bool:
    """Coordinators and administrators enter documents, tasks and decisions."""
    return role_of(user) in (Role.COORDINATOR, Role.ADMIN)


def units_to_choose() -> QuerySet[Unit]:
    """The units a unit picker offers (active, in tree order, with their parent): the one
    place a scope by the user's unit tree will narrow them."""
    return Unit.objects.filter(is_active=True).select_related("parent").order_by("path")


def active_documents() -> QuerySet[Document]:
    return Document.objects.filter(is_active=True).order_by("-issued_on", "code")


def subunits_of(unit: Unit) -> QuerySet[Unit]:
    """The unit and every unit below it."""
    return Unit.objects.filter(path__startswith=unit.path)
