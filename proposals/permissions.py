"""Who may do what with proposals: `may_*` answers, `require_*` raises with the user's
message. Built on the shared checks, so scoping those to a unit tree scopes these."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from proposals.models import ExplanationRequest, Proposal
from resolutions.models import Unit
from resolutions.permissions import MANAGING, Role, User, may_read_dashboards, reaches


def may_raise_proposal(user: User, from_unit: Unit) -> bool:
    """The staff and coordinators of the raising unit's tree (or of a tree above it)."""
    return reaches(user, from_unit, {Role.STAFF, *MANAGING})


def require_raise_proposal(user: User, from_unit: Unit) -> None:
    if not may_raise_proposal(user, from_unit):
        raise PermissionDenied(_("Only the staff of a unit may raise its proposals."))


def may_decide_proposal(user: User, proposal: Proposal) -> bool:
    """The coordinators of the unit it is addressed to move a proposal along: accept,
    answer, resolve or reject it."""
    return reaches(user, proposal.to_unit, MANAGING)


def require_decide_proposal(user: User, proposal: Proposal) -> None:
    if not may_decide_proposal(user, proposal):
        raise PermissionDenied(_("Only coordinators may move a proposal along."))


def may_ask_explanation(user: User) -> bool:
    """Leaders and coordinators may ask a unit of their tree to explain."""
    return may_read_dashboards(user)


def require_ask_explanation(user: User) -> None:
    if not may_ask_explanation(user):
        raise PermissionDenied(_("Only leaders and coordinators may ask a unit to explain."))


def may_answer_explanation(user: User, request: ExplanationRequest) -> bool:
    """The staff of the unit asked (or of a unit above it) answer for it."""
    return reaches(user, request.unit, {Role.STAFF})


def require_answer_explanation(user: User, request: ExplanationRequest) -> None:
    if not may_answer_explanation(user, request):
        raise PermissionDenied(_("Only the staff of the unit asked may answer."))
