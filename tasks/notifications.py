"""Notifications: who is told what, written to the outbox (`Notification`) in the same
transaction as the change that causes them, and delivered by email afterwards.

Delivery is a Celery task enqueued on commit. If the broker cannot be reached the user's
action still stands: the rows wait in the outbox and the periodic delivery run sends them.
A row is locked while it is sent and marked `emailed_at` in the same transaction, so two
runs never send it twice. A worker killed after the mail server took a message but before
that commit sends it again on the next run: at most one message per pool process (README).
"""

import logging
import smtplib
import socket
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User as AuthUser
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports.counting import in_state
from reports.formatting import format_date
from resolutions.models import Membership
from resolutions.permissions import coordinators_of
from resolutions.selectors import User
from tasks.models import Blocker, Extension, Notification, Task

logger = logging.getLogger(__name__)

# Days before the deadline in force on which the lead unit's staff are reminded.
REMINDER_DAYS = (7, 3, 1)
EXTENSION_WAIT_WORKING_DAYS = 3
# After this many failed emails a row stays in the app only; the log says why.
MAX_EMAIL_ATTEMPTS = 8
Role = Membership.Role


@dataclass(frozen=True)
class Message:
    """One notification before it is addressed: the dedupe key names the event."""

    kind: str
    key: str
    subject: str
    body: str
    task_id: int | None = None
    url: str = ""

    @property
    def link(self) -> str:
        """The page the notification opens: its own url, else its task's page."""
        if self.url or not self.task_id:
            return self.url
        return reverse("tasks:detail", args=[self.task_id])


def members(role: str, *, but: User | None = None) -> QuerySet[AuthUser]:
    """Active users with `role` anywhere; `but` (the acting user) is not told of their own
    action. Narrow it to a unit's people with `membership__unit…` filters."""
    users = AuthUser.objects.filter(is_active=True, membership__role=role).distinct()
    return without_actor(users, but)


def without_actor(users: QuerySet[AuthUser], but: User | None) -> QuerySet[AuthUser]:
    """`users` without the acting user `but`, who is not told of their own action."""
    return users.exclude(pk=but.pk) if but is not None and but.pk else users


def task_coordinators(task: Task, *, but: User | None = None) -> QuerySet[AuthUser]:
    """The coordinators who decide on `task` (resolutions.permissions), but `but`."""
    return without_actor(coordinators_of(task), but)


def one_line(text: str) -> str:
    """`text` with every run of whitespace (line breaks included) as one space: a line
    break in a header would make the email undeliverable (a task title may hold one)."""
    return " ".join(text.split())


def notify(messages: Iterable[tuple[Message, Iterable[AuthUser]]]) -> int:
    """Write each message to the outbox for each of its recipients, once: a message whose
    dedupe key was already written for that recipient is skipped. Delivery is enqueued when
    the surrounding transaction commits. Returns the number of rows offered."""
    rows = [
        Notification(
            recipient=user,
            kind=message.kind,
            dedupe_key=f"{message.key}:u{user.pk}",
            subject=one_line(message.subject)[:255],
            body=message.body,
            url=message.link,
            task_id=message.task_id,
        )
        for message, users in messages
        for user in users
    ]
    if rows:
        Notification.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
        transaction.on_commit(enqueue_delivery)
    return len(rows)


def enqueue_delivery() -> None:
    """Ask a worker to deliver what waits in the outbox. Any failure here (broker down,
    or an eager run failing) must not undo or fail the user's action: the rows are already
    committed and the periodic delivery run sends them later."""
    from tasks.tasks import deliver_notifications

    try:
        deliver_notifications.apply_async(
            retry=True, retry_policy={"max_retries": 1, "interval_start": 0.2}
        )
    except Exception:
        logger.exception("Could not enqueue notification delivery; the periodic run will.")


def composed(build):
    """Texts go out in the site language, whatever language the acting user browses in."""
    with translation.override(settings.LANGUAGE_CODE):
        return build()


# Events caused by a user's action -------------------------------------------------------


def notify_extension_requested(extension: Extension, *, actor: User) -> None:
    """Coordinators decide extension requests: tell them one is waiting."""
    task = extension.task

    def build():
        return Message(
            kind="extension_requested",
            key=f"extension-requested:{extension.pk}",
            subject=_("Extension requested: %(task)s") % {"task": task.title},
            body=_("%(unit)s asks to move the deadline of “%(task)s” from %(old)s to %(new)s.")
            % {
                "unit": task.lead_unit,
                "task": task.title,
                "old": format_date(extension.previous_deadline),
                "new": format_date(extension.requested_deadline),
            }
            + "\n"
            + extension.reason,
            task_id=task.pk,
        )

    notify([(composed(build), task_coordinators(task, but=actor))])


def notify_extension_decided(extension: Extension, *, actor: User) -> None:
    """The requester learns whether the deadline moved."""
    requester = extension.requested_by
    if requester is None or requester.pk == actor.pk:
        return
    task = extension.task
    approved = extension.status == Extension.Status.APPROVED

    def build():
        if approved:
            subject = _("Extension approved: %(task)s")
            body = _("The deadline of “%(task)s” is now %(new)s.")
        else:
            subject = _("Extension rejected: %(task)s")
            body = _("The deadline of “%(task)s” stays %(old)s.")
        values = {
            "task": task.title,
            "new": format_date(extension.requested_deadline),
            "old": format_date(extension.previous_deadline),
        }
        return Message(
            kind="extension_decided",
            key=f"extension-decided:{extension.pk}",
            subject=subject % values,
            body="\n".join(filter(None, [body % values, extension.decision_note])),
            task_id=task.pk,
        )

    notify([(composed(build), [requester])])


def notify_completion_reported(task: Task, *, actor: User) -> None:
    """Coordinators confirm completion: tell them a unit reported a task done."""

    def build():
        return Message(
            kind="completion_reported",
            key=f"completed:{task.pk}:{task.completed_on}",
            subject=_("Reported completed: %(task)s") % {"task": task.title},
            body=_("%(unit)s reported “%(task)s” completed on %(day)s; please confirm.")
            % {"unit": task.lead_unit, "task": task.title, "day": format_date(task.completed_on)},
            task_id=task.pk,
        )

    notify([(composed(build), task_coordinators(task, but=actor))])


def notify_tasks_assigned(tasks: Sequence[Task], *, actor: User) -> None:
    """Tell each lead unit's staff of the task just assigned to it: one query for the staff
    of every unit and one INSERT, whatever the number of units (issue 17)."""
    staff = _staff_by_unit(task.lead_unit_id for task in tasks)

    def build():
        return [
            (
                Message(
                    kind="task_assigned",
                    key=f"assigned:{task.pk}",
                    subject=_("New task: %(task)s") % {"task": task.title},
                    body=_("%(document)s assigns “%(task)s” to %(unit)s; deadline: %(day)s.")
                    % {
                        "document": task.document,
                        "task": task.title,
                        "unit": task.lead_unit,
                        "day": format_date(task.deadline) if task.deadline else _("ongoing"),
                    },
                    task_id=task.pk,
                ),
                [user for user in staff.get(task.lead_unit_id, []) if user.pk != actor.pk],
            )
            for task in tasks
        ]

    notify(composed(build))


def notify_blocker_raised(blocker: Blocker, *, actor: User) -> None:
    """Coordinators answer blockers: tell them a unit reported one."""
    task = blocker.task

    def build():
        return Message(
            kind="blocker_raised",
            key=f"blocker-raised:{blocker.pk}",
            subject=_("Blocker reported: %(task)s") % {"task": task.title},
            body=_("%(unit)s reports a blocker on “%(task)s”:")
            % {"unit": task.lead_unit, "task": task.title}
            + "\n"
            + blocker.description,
            task_id=task.pk,
        )

    notify([(composed(build), task_coordinators(task, but=actor))])


def notify_blocker_resolved(blocker: Blocker, *, actor: User) -> None:
    """Whoever reported the blocker learns how it was resolved."""
    raiser = blocker.raised_by
    if raiser is None or raiser.pk == actor.pk:
        return
    task = blocker.task

    def build():
        return Message(
            kind="blocker_resolved",
            key=f"blocker-resolved:{blocker.pk}",
            subject=_("Blocker resolved: %(task)s") % {"task": task.title},
            body=blocker.resolution,
            task_id=task.pk,
        )

    notify([(composed(build), [raiser])])


# The daily jobs ----------------------------------------------------------------------------


def _staff_by_unit(unit_ids: Iterable[int]) -> dict[int, list[AuthUser]]:
    staff: dict[int, list[AuthUser]] = {}
    held = Membership.objects.filter(
        role=Role.STAFF, user__is_active=True, unit_id__in=set(unit_ids)
    ).select_related("user")
    for membership in held.order_by("user_id"):
        staff.setdefault(membership.unit_id, []).append(membership.user)  # type: ignore[arg-type]
    return staff


@transaction.atomic
def overdue_sweep(*, today: date) -> int:
    """Flag the tasks overdue on `today` (open, deadline in force before today) with the day
    they were found so, and clear the flag of those no longer overdue (completed, cancelled,
    extended): one UPDATE. The lead unit's staff are told of each newly flagged task in the
    same transaction. A second run the same day changes and sends nothing.
    Returns how many tasks were flagged or cleared."""
    # with its deadline named, so that `~overdue` holds for an ongoing task (NULL deadline)
    overdue = in_state("overdue", as_of=today) & Q(deadline__isnull=False)
    changed = Task.objects.filter(
        (overdue & Q(overdue_since__isnull=True)) | (~overdue & Q(overdue_since__isnull=False))
    ).update(overdue_since=Case(When(overdue, then=Value(today)), default=None))
    if changed:
        _remind_newly_overdue(today)
    return changed


def _remind_newly_overdue(today: date) -> None:
    tasks = list(
        Task.objects.filter(overdue_since=today).values_list("pk", "title", "lead_unit", "deadline")
    )
    staff = _staff_by_unit(unit for _pk, _title, unit, _deadline in tasks)

    def build():
        return [
            (
                Message(
                    kind="overdue",
                    key=f"overdue:{pk}:{today}",
                    subject=_("Overdue: %(task)s") % {"task": title},
                    body=_("“%(task)s” passed its deadline of %(deadline)s and is now overdue.")
                    % {"task": title, "deadline": format_date(deadline)},
                    task_id=pk,
                ),
                staff[unit],
            )
            for pk, title, unit, deadline in tasks
            if unit in staff
        ]

    notify(composed(build))


def _reminder_threshold(days_left: int) -> int:
    """The reminder due for a task `days_left` (1 to 7) days before its deadline: the
    smallest of REMINDER_DAYS not below it, so a day the job missed is caught up the next."""
    return min(days for days in REMINDER_DAYS if days >= days_left)


@transaction.atomic
def deadline_reminders_send(*, today: date) -> int:
    """Remind the lead unit's staff of open tasks due in 7, 3 and 1 days, each reminder once
    per deadline in force (a new deadline after an extension gets its own reminders).
    Returns the number of notifications offered."""
    soon = Task.objects.filter(in_state("in_progress", as_of=today)).filter(
        deadline__gt=today, deadline__lte=today + timedelta(days=max(REMINDER_DAYS))
    )
    tasks: list[tuple[int, str, int, date]] = list(
        soon.values_list("pk", "title", "lead_unit", "deadline")  # type: ignore[arg-type]
    )
    staff = _staff_by_unit(unit for _pk, _title, unit, _deadline in tasks)

    def build():
        messages = []
        for pk, title, unit, deadline in tasks:
            if unit not in staff:
                continue
            days_left = (deadline - today).days
            message = Message(
                kind="deadline_soon",
                key=f"due:{_reminder_threshold(days_left)}:{pk}:{deadline}",
                subject=ngettext(
                    "Due in %(days)s day: %(task)s", "Due in %(days)s days: %(task)s", days_left
                )
                % {"days": days_left, "task": title},
                body=_("“%(task)s” is due on %(deadline)s.")
                % {"task": title, "deadline": format_date(deadline)},
                task_id=pk,
            )
            messages.append((message, staff[unit]))
        return messages

    return notify(composed(build))


def working_days_before(day: date, count: int) -> date:
    """The date `count` working days (Monday to Friday) before `day`. Public holidays are
    not known to the app and count as working days."""
    while count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


@transaction.atomic
def waiting_extension_reminders_send(*, today: date) -> int:
    """Remind coordinators, once per request, of extension requests waiting more than three
    working days. Returns the number of notifications offered."""
    cutoff = working_days_before(today, EXTENSION_WAIT_WORKING_DAYS + 1)
    waiting = Extension.objects.filter(
        status=Extension.Status.PENDING, requested_at__date__lte=cutoff
    ).select_related("task__lead_unit", "task__document__issuing_unit")

    def build():
        return [
            (
                Message(
                    kind="extension_waiting",
                    key=f"extension-waiting:{extension.pk}",
                    subject=_("Extension request waiting: %(task)s")
                    % {"task": extension.task.title},
                    body=_("The request of %(day)s to extend “%(task)s” is still waiting.")
                    % {
                        "day": format_date(timezone.localtime(extension.requested_at).date()),
                        "task": extension.task.title,
                    },
                    task_id=extension.task_id,
                ),
                list(task_coordinators(extension.task)),
            )
            for extension in waiting
        ]

    return notify(composed(build))


# Delivery and reading ------------------------------------------------------------------------


class DeliveryFailed(Exception):
    """Some emails could not be sent; the run is retried with backoff."""


class MailServerUnavailable(Exception):
    """The mail server cannot be reached or answers "try later" (4xx): no message is to
    blame, so none uses up an attempt, and the run stops until the next one."""


def _server_unavailable(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPConnectError | smtplib.SMTPServerDisconnected):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, ConnectionError | TimeoutError | socket.gaierror)


def notification_deliver(*, notification_id: int) -> bool:
    """Email one outbox row unless it was already emailed or another run holds it.
    The row stays locked while it is sent, so two runs never send it twice.
    Returns whether this call sent it."""
    try:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .filter(pk=notification_id, emailed_at__isnull=True)
                .first()
            )
            if notification is None:
                return False
            if notification.recipient.email:
                send_mail(
                    one_line(notification.subject),  # also rows written before it was cleaned
                    notification.body,
                    None,
                    [notification.recipient.email],
                )
            # emailed_at also closes rows of users without an address: nothing to send.
            notification.emailed_at = timezone.now()
            notification.attempts = F("attempts") + 1
            notification.save(update_fields=["emailed_at", "attempts"])
            return True
    except Exception as error:
        if _server_unavailable(error):
            raise MailServerUnavailable(str(error)) from error
        Notification.objects.filter(pk=notification_id).update(attempts=F("attempts") + 1)
        raise


def notifications_deliver_pending(*, limit: int = 500) -> int:
    """Email every outbox row not yet emailed (oldest first, up to `limit`). A row that
    fails is counted and left for the next run; if any failed, DeliveryFailed is raised
    after the others were sent. An unreachable mail server stops the run at once and counts
    against no row: an outage of any length loses nothing. Returns how many were sent."""
    pending = Notification.objects.filter(
        emailed_at__isnull=True, attempts__lt=MAX_EMAIL_ATTEMPTS
    ).order_by("created_at", "pk")
    sent = failed = 0
    for notification_id in pending.values_list("pk", flat=True)[:limit]:
        try:
            sent += notification_deliver(notification_id=notification_id)
        except MailServerUnavailable as error:
            logger.warning("Mail server unavailable (%s); the next run sends the rest.", error)
            raise DeliveryFailed("the mail server is unavailable") from error
        except Exception:
            logger.exception("Emailing notification %s failed", notification_id)
            failed += 1
    if failed:
        raise DeliveryFailed(f"{failed} notification(s) could not be emailed")
    return sent


def notification_mark_read(*, user: User, notification: Notification) -> Notification:
    """Only the recipient marks a notification read; marking again keeps the first time."""
    if notification.recipient_id != user.pk:
        raise PermissionDenied(_("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of `user` read. Returns how many."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
