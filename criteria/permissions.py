"""Who may report on criteria: `may_*` answers, `require_*` raises with the user's message.
Built on the shared checks, so scoping those to a unit tree scopes these."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from resolutions.models import Unit
from resolutions.permissions import Role, User, reaches


def may_report_criteria(user: User, unit: Unit) -> bool:
    """The staff and coordinators of the unit's tree (or of a tree above it)."""
    return reaches(user, unit, {Role.STAFF, Role.COORDINATOR, Role.ADMIN})


def require_report_criteria(user: User, unit: Unit) -> None:
    if not may_report_criteria(user, unit):
        raise PermissionDenied(_("Only the unit's staff may report on its criteria."))
