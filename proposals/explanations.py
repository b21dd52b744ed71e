"""Explanation requests (yêu cầu giải trình): a leader or coordinator asks a unit to explain
an overdue task or a target at risk by a deadline; the unit answers. Writes (with their
notifications, in the same transaction) and reads, in one place."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from proposals.models import ExplanationRequest
from proposals.permissions import require_answer_explanation, require_ask_explanation
from reports.counting import tasks_in_state
from reports.formatting import format_date
from reports.models import Target
from reports.selectors import targets_visible_to
from resolutions.models import Unit
from resolutions.permissions import reach_filter
from resolutions.selectors import User, recorded_user
from tasks.models import Task
from tasks.notifications import Message, Role, composed, members, notify
from tasks.selectors import tasks_visible_to

# Reminded this many days before the answer is due, and on each day it is late.
REMIND_DAYS_BEFORE = 1


def _about(task: Task | None, target: Target | None, today: date) -> Unit:
    """The unit asked to explain; ValidationError unless it is one overdue task or one
    target at risk."""
    if (task is None) == (target is None):
        raise ValidationError(_("Ask about exactly one task or one target."))
    if target is not None:
        if target.outlook != Target.Outlook.RED:
            raise ValidationError({"target": _("Only a target at risk (red) is explained.")})
        return target.unit
    overdue = tasks_in_state(Task.objects.filter(pk=task.pk), state="overdue", as_of=today)  # type: ignore[union-attr]
    if not overdue.exists():
        raise ValidationError({"task": _("Only an overdue task is explained.")})
    return task.lead_unit  # type: ignore[union-attr]


def _staff_of(unit: Unit):
    return members(Role.STAFF).filter(membership__unit=unit)


@transaction.atomic
def explanation_request(
    *,
    user: User,
    question: str,
    answer_by: date,
    task: Task | None = None,
    target: Target | None = None,
) -> ExplanationRequest:
    """Ask the lead unit of an overdue task (or the unit of a red target) to explain by
    `answer_by`; its staff are told."""
    require_ask_explanation(user)
    today = timezone.localdate()
    unit = _about(task, target, today)
    if task is not None and not tasks_visible_to(user).filter(pk=task.pk).exists():
        raise ValidationError({"task": _("You cannot see this task.")})
    if target is not None and not targets_visible_to(user).filter(pk=target.pk).exists():
        raise ValidationError({"target": _("You cannot see this target.")})
    errors = {}
    if not question.strip():
        errors["question"] = _("Say what the unit should explain.")
    if answer_by < today:
        errors["answer_by"] = _("The deadline cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    request = ExplanationRequest.objects.create(
        unit=unit,
        task=task,
        target=target,
        question=question.strip(),
        answer_by=answer_by,
        requested_by=recorded_user(user),
        requested_on=today,
    )
    _tell(request, "asked", _staff_of(unit).exclude(pk=user.pk))
    return request


@transaction.atomic
def explanation_answer(
    *, user: User, request: ExplanationRequest, answer: str
) -> ExplanationRequest:
    """The unit answers; whoever asked is told. An answered request is closed."""
    require_answer_explanation(user, request)
    request = ExplanationRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise ValidationError(_("This request has already been answered."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the explanation.")})
    request.answer = answer.strip()
    request.answered_by = recorded_user(user)
    request.answered_on = timezone.localdate()
    request.save()
    if request.requested_by is not None and request.requested_by.pk != user.pk:
        _tell(request, "answered", [request.requested_by])
    return request


def _link(request: ExplanationRequest) -> tuple[int | None, str]:
    if request.task_id:
        return request.task_id, ""
    return None, reverse("targets:detail", args=[request.target_id])


def _tell(request: ExplanationRequest, event: str, recipients, *, key: str = "") -> int:
    task_id, url = _link(request)

    def build():
        about = request.task.title if request.task else request.target.name  # type: ignore[union-attr]
        if event == "answered":
            subject = _("Explanation received: %(about)s") % {"about": about}
            body = request.answer
        else:
            subject = _("Please explain by %(day)s: %(about)s") % {
                "day": format_date(request.answer_by),
                "about": about,
            }
            body = request.question
        return Message(
            kind=f"explanation_{event}",
            key=key or f"explanation-{event}:{request.pk}",
            subject=subject,
            body=body,
            task_id=task_id,
            url=url,
        )

    return notify([(composed(build), list(recipients))])


@transaction.atomic
def explanation_reminders_send(*, today: date) -> int:
    """Remind the unit's staff of each open request due tomorrow or late, once a day."""
    due = ExplanationRequest.objects.filter(
        answered_on__isnull=True, answer_by__lte=today + timedelta(days=REMIND_DAYS_BEFORE)
    ).select_related("unit", "task", "target")
    offered = 0
    for request in due:
        key = f"explanation-reminder:{request.pk}:{today.isoformat()}"
        offered += _tell(request, "reminder", _staff_of(request.unit), key=key)
    return offered


def explanations_visible_to(user: User) -> QuerySet[ExplanationRequest]:
    """The requests to the units of `user`'s tree."""
    requests = ExplanationRequest.objects.filter(reach_filter(user, "unit__path"))
    return requests.select_related("unit", "task", "target", "requested_by", "answered_by")


def open_explanations(
    user: User, *, task: Task | None = None, target: Target | None = None
) -> QuerySet[ExplanationRequest]:
    """The open requests the user sees (of one task or target if given), due first."""
    requests = explanations_visible_to(user).filter(answered_on__isnull=True)
    if task is not None:
        requests = requests.filter(task=task)
    if target is not None:
        requests = requests.filter(target=target)
    return requests.order_by("answer_by", "id")


def explanations_of(user: User, *, task: Task | None = None, target: Target | None = None):
    """Every request (open and answered) of one task or target the user sees, newest first."""
    return (
        explanations_visible_to(user)
        .filter(Q(task=task) if task else Q(target=target))
        .order_by("-requested_on", "-id")
    )
