"""The one task lifecycle (DOMAIN.md "Who may move a task"): which transition each role may
make from which status. Services call `require_*` before they write; forms, the API and
templates ask `may_*` (templates through the `lifecycle` context processor), so no page
restates a role.

Who: "unit" is whoever may change the task (`may_change_task`: the staff of the lead
unit's tree and the coordinators who manage it); "coordinator" is whoever manages it
(`may_manage_task`: a coordinator of the lead unit's tree or of the document's issuer).
Both are resolutions.permissions' scoped checks.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolutions.permissions import User, may_change_task, may_manage_task
from tasks.models import Task

Status = Task.Status
OPEN = frozenset({Status.NOT_STARTED, Status.IN_PROGRESS})


class Who(StrEnum):
    UNIT = "unit"
    COORDINATOR = "coordinator"
    # whoever may change the task but does not manage: unit staff asking a coordinator
    UNIT_STAFF = "unit_staff"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    who: Who
    # said when the status does not allow it
    wrong_status: str | Promise


TRANSITIONS: dict[str, Transition] = {
    "report": Transition(
        OPEN, Who.UNIT, gettext_lazy("Only a task not started or in progress takes a report.")
    ),
    "cancel": Transition(
        OPEN,
        Who.COORDINATOR,
        gettext_lazy("Only a task not started or in progress can be stopped."),
    ),
    "confirm_completion": Transition(
        frozenset({Status.COMPLETED}),
        Who.COORDINATOR,
        gettext_lazy("Only a completed task can be confirmed."),
    ),
    "send_back": Transition(
        frozenset({Status.COMPLETED}),
        Who.COORDINATOR,
        gettext_lazy("Only a completed task can be sent back."),
    ),
    "reopen": Transition(
        frozenset({Status.COMPLETED}),
        Who.COORDINATOR,
        gettext_lazy("Only a completed task can be reopened."),
    ),
    "request_extension": Transition(
        OPEN,
        Who.UNIT,
        gettext_lazy("A completed or stopped task takes no extension request."),
    ),
    "request_change": Transition(
        OPEN,
        Who.UNIT_STAFF,
        gettext_lazy("Only a task not started or in progress can be stopped or adjusted."),
    ),
    "edit": Transition(
        frozenset(Status.values), Who.COORDINATOR, gettext_lazy("This task cannot be edited.")
    ),
}

# The statuses a progress report may set, from each status a report is allowed on: staff
# move a task forward only; a coordinator cancels or reopens through its own transition.
REPORT_STATUSES: dict[str, tuple[str, ...]] = {
    Status.NOT_STARTED: (Status.NOT_STARTED, Status.IN_PROGRESS, Status.COMPLETED),
    Status.IN_PROGRESS: (Status.IN_PROGRESS, Status.COMPLETED),
}


def _allowed(user: User, task: Task, who: Who) -> bool:
    if not user.is_authenticated or not may_change_task(user, task):
        return False
    if who == Who.COORDINATOR:
        return may_manage_task(user, task)
    if who == Who.UNIT_STAFF:
        return not may_manage_task(user, task)
    return True


def may(action: str, user: User, task: Task) -> bool:
    """May `user` make `action` (a key of TRANSITIONS) on `task` as it stands?"""
    transition = TRANSITIONS[action]
    return task.status in transition.sources and _allowed(user, task, transition.who)


def require(action: str, user: User, task: Task) -> None:
    """PermissionDenied when `user`'s role may not make `action`; ValidationError when
    the task's status does not allow it. Both with a message a user can read."""
    transition = TRANSITIONS[action]
    if not _allowed(user, task, transition.who):
        if action == "cancel" and user.is_authenticated and may_change_task(user, task):
            raise PermissionDenied(
                _(
                    "Unit staff cannot stop a task. Send a request to stop or adjust it "
                    "with your reason; a coordinator decides."
                )
            )
        if transition.who == Who.UNIT_STAFF:
            raise PermissionDenied(_("Coordinators stop or adjust a task directly."))
        raise PermissionDenied(_("You may not change this task."))
    if task.status not in transition.sources:
        raise ValidationError(str(transition.wrong_status), code="status")


def may_report(user: User, task: Task) -> bool:
    return may("report", user, task)


def may_cancel(user: User, task: Task) -> bool:
    return may("cancel", user, task)


def may_confirm_completion(user: User, task: Task) -> bool:
    return may("confirm_completion", user, task) and task.completion_confirmed_at is None


def may_send_back(user: User, task: Task) -> bool:
    return may("send_back", user, task) and task.completion_confirmed_at is None


def may_reopen(user: User, task: Task) -> bool:
    return may("reopen", user, task)


def may_request_extension(user: User, task: Task) -> bool:
    return may("request_extension", user, task) and task.deadline is not None


def may_request_change(user: User, task: Task) -> bool:
    return may("request_change", user, task)


def may_edit(user: User, task: Task) -> bool:
    return may("edit", user, task)


def report_statuses(task: Task) -> tuple[str, ...]:
    """The statuses a progress report on `task` may choose; empty when none is allowed."""
    return REPORT_STATUSES.get(task.status, ())


def status_reported(task: Task, *, status: str | None, percent: int) -> str:
    """The status a report means when it names none: a percent above 0 on a task not
    started starts it; otherwise the status stays."""
    if status:
        return status
    if task.status == Status.NOT_STARTED and percent > 0:
        return Status.IN_PROGRESS
    return task.status


def require_report(user: User, task: Task, *, status: str, percent: int) -> None:
    """A progress report's status must be one the lifecycle allows from the task's, and its
    percent must agree with it: not started is 0%, completed 100%."""
    if status == Status.CANCELLED:
        require("cancel", user, task)  # staff: the clear refusal; coordinators: below
        raise ValidationError(
            {"status": _("Stop a task with “Stop the task”, giving the reason and the day.")}
        )
    if status == Status.COMPLETED and task.status == Status.COMPLETED:
        # a note or evidence on a reported completion: its status, day and 100% stay
        if not _allowed(user, task, Who.UNIT):
            raise PermissionDenied(_("You may not change this task."))
        return
    require("report", user, task)
    if status not in report_statuses(task):
        raise ValidationError(
            {
                "status": _("A task cannot go from “%(before)s” to “%(after)s”.")
                % {"before": task.get_status_display(), "after": Status(status).label}
            }
        )
    if status == Status.NOT_STARTED and percent != 0:
        raise ValidationError({"percent": _("A task not started is at 0%.")})


def may_map(user: User, task: Task) -> dict[str, bool]:
    """Every `may_*` answer for `task`, as templates read them: `may.cancel`…"""
    return {
        "report": may_report(user, task),
        "cancel": may_cancel(user, task),
        "confirm_completion": may_confirm_completion(user, task),
        "send_back": may_send_back(user, task),
        "reopen": may_reopen(user, task),
        "request_extension": may_request_extension(user, task),
        "request_change": may_request_change(user, task),
        "edit": may_edit(user, task),
    }
