"""Who may do what with targets: `may_*` answers, `require_*` raises with the user's message.
Built on the shared checks (`can_manage`, `staff_unit`), so scoping them to a unit tree
scopes these too."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from reports.models import Target
from resolutions.selectors import User, can_manage, staff_unit


def may_create_target(user: User) -> bool:
    return can_manage(user)


def require_create_target(user: User) -> None:
    if not may_create_target(user):
        raise PermissionDenied(_("Only coordinators and administrators may enter targets."))


def may_report_target(user: User, target: Target) -> bool:
    """The staff of the target's unit (or of a unit above it), and coordinators."""
    if can_manage(user):
        return True
    unit = staff_unit(user)
    return unit is not None and target.unit.path.startswith(unit.path)


def require_report_target(user: User, target: Target) -> None:
    if not may_report_target(user, target):
        raise PermissionDenied(_("Only the staff of the target's unit may report on it."))
