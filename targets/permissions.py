"""Who may do what with targets: `may_*` answers, `require_*` raises with the user's message.
Built on resolutions.permissions' scoped checks."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from reports.models import Target
from resolutions.permissions import MANAGING, Role, User, can_manage, reaches


def may_create_target(user: User) -> bool:
    return can_manage(user)


def require_create_target(user: User) -> None:
    if not may_create_target(user):
        raise PermissionDenied(_("Only coordinators and administrators may enter targets."))


def may_report_target(user: User, target: Target) -> bool:
    """The staff and coordinators of the target's unit's tree (or of a tree above it)."""
    return reaches(user, target.unit, {Role.STAFF, *MANAGING})


def require_report_target(user: User, target: Target) -> None:
    if not may_report_target(user, target):
        raise PermissionDenied(_("Only the staff of the target's unit may report on it."))
