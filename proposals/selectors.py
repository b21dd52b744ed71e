"""Reads of proposals: who sees which, what each side waits for."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from proposals.models import Proposal, ProposalStep
from resolutions.permissions import MANAGING, User, reach_filter, sees_every_unit

State = Proposal.State
WAITING = [State.SUBMITTED, State.ACCEPTED]  # raised, not answered yet
OPEN = [State.SUBMITTED, State.ACCEPTED, State.ANSWERED]


def proposals_visible_to(user: User) -> QuerySet[Proposal]:
    """The proposals a unit of `user`'s tree raised or received."""
    return Proposal.objects.filter(
        reach_filter(user, "from_unit__path") | reach_filter(user, "to_unit__path")
    )


def _listed(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return proposals.select_related("from_unit", "to_unit", "task", "target", "document")


def proposals_raised_by(user: User) -> QuerySet[Proposal]:
    """What the user's unit (and the units below it) raised, newest first."""
    proposals = proposals_visible_to(user).filter(reach_filter(user, "from_unit__path"))
    return _listed(proposals).order_by("-submitted_on", "-id")


def proposals_waiting_for(user: User) -> QuerySet[Proposal]:
    """What waits for an answer, oldest first: for coordinators (who answer proposals)
    every one they see; for others, those raised to their unit or a unit below it."""
    proposals = proposals_visible_to(user).filter(state__in=WAITING)
    if not sees_every_unit(user):
        proposals = proposals.filter(
            reach_filter(user, "to_unit__path") | (reach_filter(user, "from_unit__path", MANAGING))
        )
    return _listed(proposals).order_by("submitted_on", "id")


@dataclass(frozen=True)
class Waiting:
    """A proposal in a list, with how long it has waited for an answer."""

    proposal: Proposal
    days_waited: int | None  # None once it has an answer or was closed


def days_waited(proposal: Proposal, *, today: date) -> int | None:
    """Days since it was raised while it waits for an answer; None once answered or closed."""
    return (today - proposal.submitted_on).days if proposal.state in WAITING else None


def with_days_waited(proposals: QuerySet[Proposal], *, today: date) -> list[Waiting]:
    return [Waiting(p, days_waited(p, today=today)) for p in proposals]


def proposal_steps(proposal: Proposal) -> QuerySet[ProposalStep]:
    return proposal.steps.select_related("by").order_by("at", "id")
