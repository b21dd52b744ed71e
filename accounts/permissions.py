"""Who may manage whose account: `may_*` answer, `require_*` raise with the user's message.

Administrators manage every account. A coordinator manages the people of the units they
coordinate (the trees of their coordinator roles, resolutions.permissions) and gives roles
no higher than their own."""

from django.contrib.auth.models import User as AuthUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.memberships import MembershipSpec, memberships_of

# Higher manages lower: a coordinator may not make a leader or an administrator.
from resolutions.permissions import (  # noqa: F401
    MANAGING,
    ROLE_RANK,
    Role,
    User,
    can_manage,
    reaches,
    role_of,
    units_managed_by,
)


def may_manage_people(actor: User) -> bool:
    return can_manage(actor)


def may_assign(actor: User, membership: MembershipSpec) -> bool:
    """A role at a unit that `actor` may give: administrators any; coordinators a role no
    higher than theirs, at a unit they manage (never none: only administrators give roles
    that reach every unit)."""
    if role_of(actor) == Role.ADMIN:
        return True
    if membership.unit is None:
        return False
    if ROLE_RANK[Role(membership.role)] > ROLE_RANK[Role.COORDINATOR]:
        return False
    return reaches(actor, membership.unit, MANAGING)


def may_manage_user(actor: User, user: AuthUser) -> bool:
    """Administrators manage everyone; a coordinator manages a person whose every role they
    could have given, and never an administrator of the site."""
    if role_of(actor) == Role.ADMIN:
        return True
    if not can_manage(actor) or user.is_superuser or user.is_staff:
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
