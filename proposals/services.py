"""Every write to proposals: raising one and moving it along its one path
(submitted → accepted → answered → resolved, or rejected before an answer). Each move is
kept as a step in the same transaction; any other move is refused with the reason."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from proposals.models import Proposal, ProposalStep
from proposals.permissions import require_decide_proposal, require_raise_proposal
from reports.models import Target
from reports.selectors import targets_visible_to
from resolutions.models import Document, Unit
from resolutions.permissions import users_reaching
from resolutions.selectors import User, recorded_user, unit_of
from tasks.models import Task
from tasks.notifications import Message, Role, composed, notify, without_actor
from tasks.selectors import tasks_visible_to

State = Proposal.State
# The one path a proposal takes; every other move is refused.
MOVES: dict[str, set[str]] = {
    State.SUBMITTED: {State.ACCEPTED, State.REJECTED},
    State.ACCEPTED: {State.ANSWERED, State.REJECTED},
    State.ANSWERED: {State.RESOLVED},
    State.RESOLVED: set(),
    State.REJECTED: set(),
}
# What each move must say.
STEP_FIELDS: dict[str, list[str]] = {
    State.ACCEPTED: ["meeting_name", "meeting_on"],
    State.ANSWERED: ["conclusion", "responsible_unit", "handle_by"],
    State.REJECTED: ["reason"],
}


def _check_raise(user: User, from_unit: Unit, to_unit: Unit, about: list) -> dict:
    errors = {}
    if to_unit == from_unit or not from_unit.path.startswith(to_unit.path):
        errors["to_unit"] = _("A proposal is addressed to a unit above the one raising it.")
    if sum(thing is not None for thing in about) != 1:
        errors["__all__"] = _("Link the proposal to exactly one task, target or document.")
    task, target, _document = about
    if task is not None and not tasks_visible_to(user).filter(pk=task.pk).exists():
        errors["task"] = _("You cannot see this task.")
    if target is not None and not targets_visible_to(user).filter(pk=target.pk).exists():
        errors["target"] = _("You cannot see this target.")
    return errors


@transaction.atomic
def proposal_raise(
    *,
    user: User,
    title: str,
    to_unit: Unit,
    description: str = "",
    from_unit: Unit | None = None,
    task: Task | None = None,
    target: Target | None = None,
    document: Document | None = None,
    on: date | None = None,
) -> Proposal:
    """A unit raises a proposal to a higher unit about one task, target or document, on
    business day `on` (today; earlier for one sent on paper first); the coordinators are
    told."""
    from_unit = from_unit or unit_of(user)
    if from_unit is None:
        raise ValidationError({"from_unit": _("Say which unit raises the proposal.")})
    require_raise_proposal(user, from_unit)
    errors = _check_raise(user, from_unit, to_unit, [task, target, document])
    raised_on = on or timezone.localdate()
    if raised_on > timezone.localdate():
        errors["on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    proposal = Proposal.objects.create(
        title=title,
        description=description,
        from_unit=from_unit,
        to_unit=to_unit,
        task=task,
        target=target,
        document=document,
        submitted_on=raised_on,
        raised_by=recorded_user(user),
    )
    ProposalStep.objects.create(
        proposal=proposal, to_state=State.SUBMITTED, on=raised_on, by=recorded_user(user)
    )
    # the coordinators of the unit it is addressed to decide on it
    coordinators = without_actor(users_reaching([proposal.to_unit], {Role.COORDINATOR}), user)
    _notify(proposal, actor=user, to=coordinators)
    return proposal


def _step_fields(to: str, fields: dict) -> dict:
    """The fields the move to `to` needs, checked; ValidationError naming the missing ones."""
    required = STEP_FIELDS.get(to, [])
    missing = {
        name: _("This field is required for this step.")
        for name in required
        if fields.get(name) in (None, "")
    }
    if missing:
        raise ValidationError(missing)
    return {name: fields[name] for name in required}


@transaction.atomic
def proposal_transition(
    *,
    user: User,
    proposal: Proposal,
    to: str,
    on: date | None = None,
    meeting_name: str = "",
    meeting_on: date | None = None,
    conclusion: str = "",
    responsible_unit: Unit | None = None,
    handle_by: date | None = None,
    reason: str = "",
    note: str = "",
) -> Proposal:
    """Move `proposal` to `to` with the step's fields (accepted: the meeting; answered: the
    conclusion, the responsible agency and the deadline; rejected: the reason). Refused,
    with the reason, for any move off the path; the raiser is told."""
    require_decide_proposal(user, proposal)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if to not in MOVES.get(proposal.state, set()):
        raise ValidationError(
            {
                "to": _("A proposal that is “%(state)s” cannot become “%(to)s”.")
                % {
                    "state": State(proposal.state).label,
                    "to": State(to).label if to in State.values else to,
                }
            },
            code="refused_move",
        )
    fields = _step_fields(
        to,
        {
            "meeting_name": meeting_name.strip(),
            "meeting_on": meeting_on,
            "conclusion": conclusion.strip(),
            "responsible_unit": responsible_unit,
            "handle_by": handle_by,
            "reason": reason.strip(),
        },
    )
    on = on or timezone.localdate()
    if on > timezone.localdate() or on < proposal.submitted_on:
        raise ValidationError({"on": _("The date must lie between the proposal's and today.")})
    if "reason" in fields:
        proposal.rejection_reason = fields.pop("reason")
    for name, value in fields.items():
        setattr(proposal, name, value)
    if to in (State.RESOLVED, State.REJECTED):
        proposal.closed_on = on
    step = ProposalStep(
        proposal=proposal,
        from_state=proposal.state,
        to_state=to,
        on=on,
        by=recorded_user(user),
        details=_details(proposal, to, note),
    )
    proposal.state = to
    proposal.save()
    step.save()
    if proposal.raised_by is not None:
        _notify(proposal, actor=user, to=[proposal.raised_by])
    return proposal


def _details(proposal: Proposal, to: str, note: str) -> dict:
    """The step's fields as entered, in plain JSON, so the step reads the same later."""
    details: dict[str, str] = {"note": note} if note else {}
    if to == State.ACCEPTED:
        details |= {"meeting_name": proposal.meeting_name}
        details |= {"meeting_on": proposal.meeting_on.isoformat()}  # type: ignore[union-attr]
    elif to == State.ANSWERED:
        details |= {"conclusion": proposal.conclusion}
        details |= {"responsible_unit": proposal.responsible_unit.code}  # type: ignore[union-attr]
        details |= {"handle_by": proposal.handle_by.isoformat()}  # type: ignore[union-attr]
    elif to == State.REJECTED:
        details |= {"reason": proposal.rejection_reason}
    return details


def _notify(proposal: Proposal, *, actor: User, to) -> None:
    """Coordinators learn of a new proposal; the raiser of each later step."""

    def build():
        state = State(proposal.state).label
        return Message(
            kind=f"proposal_{proposal.state}",
            key=f"proposal:{proposal.pk}:{proposal.state}",
            subject=_("Proposal %(state)s: %(title)s") % {"state": state, "title": proposal.title},
            body=_("%(unit)s → %(to)s: “%(title)s” is now %(state)s.")
            % {
                "unit": proposal.from_unit,
                "to": proposal.to_unit,
                "title": proposal.title,
                "state": state,
            },
            url=reverse("proposals:detail", args=[proposal.pk]),
        )

    recipients = [user for user in to if user.pk != getattr(actor, "pk", None)]
    notify([(composed(build), recipients)])
