"""Who may do what with reports: `may_*` answers, `require_*` raises with the user's message.
Built on the shared checks of resolutions.selectors, so a change of roles or scope there
(a unit tree per membership) reaches the reports without a second rule here."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from resolutions.permissions import User, may_read_dashboards


def may_write_periodic_report(user: User) -> bool:
    """Coordinators and leaders (and administrators) produce the periodic reports, over the
    tasks they may see."""
    return may_read_dashboards(user)


def require_periodic_report(user: User) -> None:
    if not may_write_periodic_report(user):
        raise PermissionDenied(_("Only coordinators and leaders may produce periodic reports."))
