"""Who may report on criteria: `may_*` answers, `require_*` raises with the user's message.
Built on the shared checks, so scoping those to a unit tree scopes these."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from resolutions.models import Unit
from resolutions.selectors import User, can_manage, staff_unit


def may_report_criteria(user: User, unit: Unit) -> bool:
    """The unit's staff (or those of a unit above it), and coordinators."""
    if can_manage(user):
        return True
    own = staff_unit(user)
    return own is not None and unit.path.startswith(own.path)


def require_report_criteria(user: User, unit: Unit) -> None:
    if not may_report_criteria(user, unit):
        raise PermissionDenied(_("Only the unit's staff may report on its criteria."))
