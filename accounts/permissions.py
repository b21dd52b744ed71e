"""Who may manage whose account: `may_*` answer, `require_*` raise with the user's message.

Administrators manage every account. A coordinator manages the people of the units they
coordinate (today their unit and the units below it, through the shared scope reads of
resolutions.selectors) and gives roles no higher than their own."""

from django.contrib.auth.models import User as AuthUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.memberships import MembershipSpec, memberships_of
from resolutions.models import Membership, Unit
from resolutions.selectors import User, role_of, subunits_of, unit_of

Role = Membership.Role
# Higher manages lower: a coordinator may not make a leader or an administrator.
ROLE_RANK = {Role.STAFF: 1, Role.COORDINATOR: 2, Role.LEADER: 3, Role.ADMIN: 4}


def units_managed_by(actor: User) -> QuerySet[Unit]:
    """The units whose people `actor` manages: all for an administrator, the coordinated
    unit's tree for a coordinator, none for anyone else."""
    role = role_of(actor)
    if role == Role.ADMIN:
        return Unit.objects.all()
    unit = unit_of(actor) if role == Role.COORDINATOR else None
    return subunits_of(unit) if unit is not None else Unit.objects.none()


def may_manage_people(actor: User) -> bool:
    return role_of(actor) in (Role.ADMIN, Role.COORDINATOR)


def may_assign(actor: User, membership: MembershipSpec) -> bool:
    """A role at a unit that `actor` may give: administrators any; coordinators a role no
    higher than theirs, at a unit they manage (never none: only administrators give roles
    that reach every unit)."""
    role = role_of(actor)
    if role == Role.ADMIN:
        return True
    if role != Role.COORDINATOR or membership.unit is None:
        return False
    if ROLE_RANK[Role(membership.role)] > ROLE_RANK[Role.COORDINATOR]:
        return False
    return units_managed_by(actor).filter(pk=membership.unit.pk).exists()


def may_manage_user(actor: User, user: AuthUser) -> bool:
    """Administrators manage everyone; a coordinator manages a person whose every role they
    could have given, and never an administrator of the site."""
    role = role_of(actor)
    if role == Role.ADMIN:
        return True
    if role != Role.COORDINATOR or user.is_superuser or user.is_staff:
        return False
    held = memberships_of(user)
    return bool(held) and all(may_assign(actor, membership) for membership in held)


def may_read_audit(actor: User) -> bool:
    """The audit trail is for administrators only."""
    return role_of(actor) == Role.ADMIN


def require_read_audit(actor: User) -> None:
    if not may_read_audit(actor):
        raise PermissionDenied(_("Only administrators read the audit trail."))


def require_manage_people(actor: User) -> None:
    if not may_manage_people(actor):
        raise PermissionDenied(_("Only administrators and coordinators manage accounts."))


def require_assign(actor: User, membership: MembershipSpec) -> None:
    if not may_assign(actor, membership):
        raise PermissionDenied(
            _("You may not give the role %(role)s at %(unit)s.")
            % {"role": Role(membership.role).label, "unit": membership.unit or _("every unit")}
        )


def require_manage_user(actor: User, user: AuthUser) -> None:
    if not may_manage_user(actor, user):
        raise PermissionDenied(_("This account is managed by someone else."))
