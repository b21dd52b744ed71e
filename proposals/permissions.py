"""Who may do what with proposals: `may_*` answers, `require_*` raises with the user's
message. Built on the shared checks, so scoping those to a unit tree scopes these."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from proposals.models import ExplanationRequest, Proposal
from resolutions.models import Unit
from resolutions.selectors import User, can_manage, sees_every_unit, staff_unit


def may_raise_proposal(user: User, from_unit: Unit) -> bool:
    """The staff of the raising unit (or a unit above it), and coordinators."""
    if can_manage(user):
        return True
    unit = staff_unit(user)
    return unit is not None and from_unit.path.startswith(unit.path)


def require_raise_proposal(user: User, from_unit: Unit) -> None:
    if not may_raise_proposal(user, from_unit):
        raise PermissionDenied(_("Only the staff of a unit may raise its proposals."))


def may_decide_proposal(user: User, proposal: Proposal) -> bool:
    """Coordinators move a proposal along: accept, answer, resolve or reject it."""
    return can_manage(user)


def require_decide_proposal(user: User, proposal: Proposal) -> None:
    if not may_decide_proposal(user, proposal):
        raise PermissionDenied(_("Only coordinators may move a proposal along."))


def may_ask_explanation(user: User) -> bool:
    """Those who read every unit's work (leaders, coordinators) may ask a unit to explain."""
    return sees_every_unit(user)


def require_ask_explanation(user: User) -> None:
    if not may_ask_explanation(user):
        raise PermissionDenied(_("Only leaders and coordinators may ask a unit to explain."))


def may_answer_explanation(user: User, request: ExplanationRequest) -> bool:
    """The staff of the unit asked (or of a unit above it) answer for it."""
    unit = staff_unit(user)
    return unit is not None and request.unit.path.startswith(unit.path)


def require_answer_explanation(user: User, request: ExplanationRequest) -> None:
    if not may_answer_explanation(user, request):
        raise PermissionDenied(_("Only the staff of the unit asked may answer."))
