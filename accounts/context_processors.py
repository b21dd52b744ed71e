"""What the menu may offer, asked of the accounts' checks (never restated in templates).
Callables, so a page that does not show the menu asks nothing."""

from django.http import HttpRequest

from accounts.permissions import may_manage_people, may_read_audit
from resolutions.permissions import unit_of


def accounts(request: HttpRequest) -> dict:
    return {
        "may_manage_people": lambda: may_manage_people(request.user),
        "may_read_audit": lambda: may_read_audit(request.user),
        "current_unit": lambda: unit_of(request.user),
    }
