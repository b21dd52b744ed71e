"""Every write on tasks. Each function is one user action: permission checked, history
written in the same transaction."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts import audit
from reports.cache import data_changed
from resolutions.dates import check_in_range, check_not_future, label_of
from resolutions.models import Document, Unit
from resolutions.permissions import (
    may_change_task,
    require_break_down,
    require_lead_unit,
    require_manage_document,
    require_manage_task,
)
from resolutions.selectors import User, recorded_user
from tasks import lifecycle
from tasks.breakdown import parent_follow
from tasks.evidence import check_evidence_file, evidence_name
from tasks.idempotency import once_per_key
from tasks.models import Blocker, Evidence, Extension, IdempotencyKey, Task, TaskChange
from tasks.notifications import (
    notify_blocker_raised,
    notify_blocker_resolved,
    notify_completion_reported,
    notify_extension_decided,
    notify_extension_requested,
    notify_tasks_assigned,
)
from tasks.selectors import WITH_CHECKS
from tracker.limits import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH

Field = TaskChange.Field


def _record(
    task: Task,
    user: User | None,
    field: TaskChange.Field,
    before,
    after,
    note: str = "",
    on: date | None = None,
    into: list[TaskChange] | None = None,
) -> None:
    """One history entry, written now, or added to `into` for `_record_all`."""
    change = TaskChange(
        task=task,
        changed_by=recorded_user(user) if user else None,
        field=field,
        effective_on=on or timezone.localdate(),
        before="" if before is None else str(before),
        after="" if after is None else str(after),
        note=note,
    )
    if into is None:
        change.save()
    else:
        into.append(change)


def _record_all(changes: list[TaskChange]) -> None:
    """The entries collected by `_record(into=…)`, with their audit events: two INSERTs
    however many fields changed (bulk_create sends no signals)."""
    if changes:
        audit.record_created(TaskChange.objects.bulk_create(changes))


def _check_length(limit: int = NOTE_MAX_LENGTH, **texts: str) -> None:
    """Notes, reasons and decisions (or descriptions, with their `limit`): the one limit
    the web and the API share."""
    for field, text in texts.items():
        if len(text) > limit:
            raise ValidationError(
                {
                    field: ValidationError(
                        _("Keep it to %(limit)s characters or fewer."),
                        code="max_length",
                        params={"limit": number_format(limit, force_grouping=True)},
                    )
                }
            )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not change this task."))


def task_create(
    *,
    user: User,
    document: Document,
    title: str,
    lead_unit: Unit,
    assigned_on: date,
    deadline: date | None = None,
    supporting_units: Iterable[Unit] = (),
    description: str = "",
    expected_output: str = "",
    parent: Task | None = None,
) -> Task:
    """Assign a task to `lead_unit`; without a deadline it is ongoing (thường xuyên). With
    `parent`, a sub-task (see `task_assign_many`)."""
    [task] = task_assign_many(
        user=user,
        document=document,
        title=title,
        lead_units=[lead_unit],
        assigned_on=assigned_on,
        deadline=deadline,
        supporting_units=supporting_units,
        description=description,
        expected_output=expected_output,
        parent=parent,
    )
    return task


def _check_deadline(deadline: date | None, assigned_on: date) -> None:
    check_in_range(assigned_on=assigned_on, deadline=deadline)
    if deadline and deadline < assigned_on:
        raise ValidationError({"deadline": _("The deadline cannot be before the assigned date.")})


@transaction.atomic
def task_assign_many(
    *,
    user: User,
    document: Document,
    title: str,
    lead_units: Iterable[Unit],
    assigned_on: date,
    deadline: date | None = None,
    supporting_units: Iterable[Unit] = (),
    description: str = "",
    expected_output: str = "",
    parent: Task | None = None,
) -> list[Task]:
    """Assign the same task to each of `lead_units` (e.g. every commune of the city): one
    task per unit, all or none. Without a deadline the tasks are ongoing (thường xuyên).
    The coordinators of the document's issuer assign them, to units of their tree. With
    `parent`, they are its sub-tasks (issue 13): a coordinator whose tree holds the
    parent's lead unit breaks it down for units of that tree, under one of their documents
    or the parent's."""
    lead_units = list(lead_units)
    if parent is None:
        require_manage_document(user, document)
    else:
        require_break_down(user, parent)
        if document.pk != parent.document_id:
            require_manage_document(user, document)
    for lead in lead_units:
        require_lead_unit(user, unit=lead)
    _check_length(DESCRIPTION_MAX_LENGTH, description=description)
    leads = list(dict.fromkeys(lead_units))
    if not leads:
        raise ValidationError({"lead_units": _("Choose at least one lead unit.")})
    _check_deadline(deadline, assigned_on)
    helpers = list(dict.fromkeys(supporting_units))
    tasks = [
        Task(
            document=document,
            title=title.strip(),
            lead_unit=lead,
            assigned_on=assigned_on,
            original_deadline=deadline,
            deadline=deadline,
            description=description,
            expected_output=expected_output.strip(),
            parent=parent,
        )
        for lead in leads
    ]
    # The tasks differ only by their lead unit: checking the first checks them all. The
    # document and units are instances already read, and the table's constraints hold by
    # the checks above (a query each otherwise): no query per unit (issue 17).
    tasks[0].full_clean(
        exclude=["supporting_units", "lead_unit", "document"], validate_constraints=False
    )
    for task in tasks:
        task.fill_derived()
    Task.objects.bulk_create(tasks)
    links = Task.supporting_units.through
    links.objects.bulk_create(
        links(task_id=task.pk, unit_id=unit.pk)
        for task in tasks
        for unit in helpers
        if unit.pk != task.lead_unit_id
    )
    history = TaskChange.objects.bulk_create(
        TaskChange(
            task=task,
            changed_by=recorded_user(user),
            field=Field.CREATED,
            effective_on=assigned_on,
            after=task.title,
        )
        for task in tasks
    )
    # bulk_create sends no signals: the audit trail and the summary cache are told here.
    audit.record_created(
        [*tasks, *history],
        extra=lambda row: _helpers_shown(row, helpers) if isinstance(row, Task) else "",
    )
    data_changed()
    notify_tasks_assigned(tasks, actor=user)
    return tasks


def _helpers_shown(task: Task, helpers: list[Unit]) -> str:
    """The supporting units as the trail shows a link added (`supporting_units: 3, 5`)."""
    ids = sorted(u.pk for u in helpers if u.pk != task.lead_unit_id)
    return f"supporting_units: {', '.join(map(str, ids))}" if ids else ""


@dataclass(frozen=True)
class NewTaskRow:
    """One task of `task_create_many`, as `task_create` takes it."""

    document: Document
    title: str
    lead_unit: Unit
    assigned_on: date
    deadline: date | None = None
    supporting_units: Sequence[Unit] = ()
    description: str = ""


# Rows written per INSERT; the progress callback is told after each batch.
BULK_BATCH = 1000


@transaction.atomic
def task_create_many(
    *,
    user: User,
    rows: Sequence[NewTaskRow],
    progress: Callable[[int], None] | None = None,
) -> list[Task]:
    """Create every task of `rows` as `task_create` would (the same checks, history from
    the assigned day), all or none, in a few queries per thousand rows (the import)."""
    for document in {row.document for row in rows}:
        require_manage_document(user, document)
    for unit in {row.lead_unit for row in rows}:
        require_lead_unit(user, unit=unit)
    author = recorded_user(user)
    tasks = []
    for row in rows:
        _check_deadline(row.deadline, row.assigned_on)
        _check_length(DESCRIPTION_MAX_LENGTH, description=row.description)
        task = Task(
            document=row.document,
            title=row.title.strip(),
            lead_unit=row.lead_unit,
            assigned_on=row.assigned_on,
            original_deadline=row.deadline,
            deadline=row.deadline,
            description=row.description,
        )
        # the instances are checked already: no query per row for their foreign keys
        task.clean_fields(exclude=["document", "lead_unit", "supporting_units"])
        task.fill_derived()
        tasks.append(task)
    helpers = Task.supporting_units.through
    for start in range(0, len(tasks), BULK_BATCH):
        batch = Task.objects.bulk_create(tasks[start : start + BULK_BATCH])
        helpers.objects.bulk_create(
            helpers(task_id=task.pk, unit_id=unit.pk)
            for task, row in zip(batch, rows[start : start + BULK_BATCH], strict=True)
            for unit in dict.fromkeys(row.supporting_units)
            if unit.pk != row.lead_unit.pk
        )
        TaskChange.objects.bulk_create(
            TaskChange(
                task=task,
                changed_by=author,
                field=Field.CREATED,
                effective_on=task.assigned_on,
                after=task.title,
            )
            for task in batch
        )
        if progress:
            progress(start + len(batch))
    return tasks


def _check_business_day(on: date, task: Task, field: str = "on") -> None:
    """A day something happened to `task` (`field` names it in the error): between
    2000 and 2100, not in the future, not before the task was assigned."""
    check_not_future(**{field: on})
    if on < task.assigned_on:
        raise ValidationError(
            {field: _("%(field)s cannot be before the assigned date.") % {"field": label_of(field)}}
        )


def _locked(task: Task, expected_version: int | None) -> Task:
    """The task row locked for update; a stale form (older version) is refused."""
    # What the checks and the page read come along (not locked).
    locked = (
        Task.objects.select_related(*WITH_CHECKS).select_for_update(of=("self",)).get(pk=task.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(
            _("Someone else changed this task after you opened it. Check the newer figures."),
            code="stale",
        )
    return locked


def _save_new_version(task: Task) -> Task:
    """Save the row `_locked` returned, one version up: it is locked, so its version is
    the stored one and the row need not be read back."""
    task.version += 1
    task.save()
    return task


@transaction.atomic
def task_update(
    *,
    user: User,
    task: Task,
    title: str,
    description: str = "",
    deadline: date | None = None,
    supporting_units: Iterable[Unit] = (),
    expected_version: int | None = None,
    expected_output: str | None = None,
) -> Task:
    """Edit what a coordinator assigned (`expected_output` None: left as it is). A new
    deadline replaces the original one only while no extension was approved; afterwards
    deadlines move through extensions alone."""
    _check_length(DESCRIPTION_MAX_LENGTH, description=description)
    locked = _locked(task, expected_version)
    lifecycle.require("edit", user, locked)
    _check_deadline(deadline, locked.assigned_on)
    if deadline != locked.deadline and locked.extension_count:
        raise ValidationError(
            {"deadline": _("This task has approved extensions; change its deadline by one.")}
        )
    changes = {
        Field.TITLE: (locked.title, title.strip()),
        Field.DESCRIPTION: (locked.description, description),
        Field.DEADLINE: (locked.deadline, deadline),
    }
    if expected_output is not None:
        changes[Field.EXPECTED_OUTPUT] = (locked.expected_output, expected_output.strip())
    for field, (before, after) in changes.items():
        if before != after:
            shown = (before, after) if field != Field.DESCRIPTION else ("…", "…")
            _record(locked, user, field, *shown)
            setattr(locked, field, after)
    if not locked.extension_count:
        locked.original_deadline = locked.deadline
    locked.full_clean(exclude=["supporting_units"])
    helpers = [u for u in supporting_units if u.pk != locked.lead_unit_id]
    before_units = set(locked.supporting_units.values_list("pk", flat=True))
    if before_units != {u.pk for u in helpers}:
        _record(locked, user, Field.SUPPORTING_UNITS, len(before_units), len(helpers))
        locked.supporting_units.set(helpers)
    return _save_new_version(locked)


@transaction.atomic
@once_per_key(IdempotencyKey.Action.PROGRESS, result_of=lambda kwargs: kwargs["task"].pk)
def task_report_progress(
    *,
    user: User,
    task: Task,
    status: str | None = None,
    percent: int | None = None,
    note: str = "",
    on: date | None = None,
    completed_on: date | None = None,
    expected_version: int | None = None,
    evidence: Iterable[UploadedFile] = (),
    output: str = "",
) -> Task:
    """Report status and percent as of business day `on` (default today), with evidence
    files, as the lifecycle allows (tasks/lifecycle.py): forward only, not started at 0%.
    A completed task gets 100% and its completion date (`completed_on`, default `on`:
    never in the future nor before the assigned date); one with an expected output must
    describe (`output`) or attach it. `expected_version` refuses a stale form. A status or
    percent left out (None) keeps the value of the row as locked here, never one read
    before (a percent above 0 on a task not started starts it)."""
    _require(may_change_task(user, task))
    _check_length(note=note)
    on = on or timezone.localdate()
    locked = _locked(task, expected_version)
    status = lifecycle.status_reported(locked, status=status, percent=percent or 0)
    percent = locked.percent if percent is None else percent
    if status not in Task.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": _("Percent must be between 0 and 100.")})
    lifecycle.require_report(user, locked, status=status, percent=percent)
    _check_business_day(on, locked)
    evidence = list(evidence)
    if completed_on is not None and status != Task.Status.COMPLETED:
        raise ValidationError({"completed_on": _("Only a completed task has a completion date.")})
    if status == Task.Status.COMPLETED:
        percent = 100
        _check_output(locked, output, attached=bool(evidence))
        already = locked.completed_on if locked.status == Task.Status.COMPLETED else None
        completed_on = completed_on or already or on
        _check_business_day(completed_on, locked, "completed_on")
    history: list[TaskChange] = []
    changes = {
        Field.STATUS: (locked.status, status),
        Field.PERCENT: (locked.percent, percent),
        Field.COMPLETED_ON: (locked.completed_on, completed_on),
    }
    for field, (before, after) in changes.items():
        if before != after:
            _record(locked, user, field, before, after, note, on, into=history)
            setattr(locked, field, after)
    if note and all(before == after for before, after in changes.values()):
        _record(locked, user, Field.NOTE, None, None, note, on, into=history)
    if status != Task.Status.NOT_STARTED and locked.started_on is None:
        locked.started_on = on
    if status != Task.Status.COMPLETED:
        locked.completion_confirmed_at = None
    for upload in evidence:
        _add_evidence(locked, user, upload, on)
    if output.strip():
        _record(
            locked,
            user,
            Field.OUTPUT,
            locked.output_delivered,
            output.strip(),
            note,
            on,
            into=history,
        )
        locked.output_delivered = output.strip()
    _record_all(history)
    locked = _save_new_version(locked)
    # The entries this report wrote (files' entries aside): the page adds them to the
    # history it shows without reading it again (issue 17). A replay returns none.
    locked.recorded_changes = history  # type: ignore[attr-defined]
    # Notifications (outbox), in this transaction:
    status_before, status_after = changes[Field.STATUS]
    if status_after == Task.Status.COMPLETED and status_before != Task.Status.COMPLETED:
        notify_completion_reported(locked, actor=user)
    if locked.parent_id:  # reported once, seen on the parent (issue 13)
        parent_follow(locked.parent_id, user=user, on=on)
    return locked


def _check_output(task: Task, output: str, *, attached: bool) -> None:
    """A task that names its expected output is completed only with it described or
    attached (issue 15: otherwise "completed" means whatever the unit says)."""
    if task.expected_output and not (output.strip() or attached or task.output_delivered):
        raise ValidationError(
            {
                "output": _("Describe or attach the expected output: %(output)s")
                % {"output": task.expected_output}
            }
        )


def _add_evidence(task: Task, user: User, upload: UploadedFile, on: date) -> Evidence:
    content_type = check_evidence_file(upload)
    evidence = Evidence(
        task=task,
        original_name=evidence_name(upload.name or ""),
        size=upload.size or 0,
        content_type=content_type,
        uploaded_by=recorded_user(user),
    )
    evidence.file.save(upload.name or "evidence", upload, save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    _record(task, user, Field.EVIDENCE, None, evidence.original_name, on=on)
    return evidence


@transaction.atomic
def evidence_add(*, user: User, task: Task, upload: UploadedFile) -> Evidence:
    """Attach one evidence file (type, content and size checked) to a task one may change."""
    _require(may_change_task(user, task))
    return _add_evidence(task, user, upload, timezone.localdate())


@transaction.atomic
def task_confirm_completion(*, user: User, task: Task) -> Task:
    """A coordinator confirms a completion a unit reported."""
    locked = _locked(task, None)
    lifecycle.require("confirm_completion", user, locked)
    if locked.completion_confirmed_at:
        raise ValidationError(_("This completion is already confirmed."))
    if locked.expected_output and not (locked.output_delivered or locked.evidence.exists()):
        raise ValidationError(_("The expected output was neither described nor attached."))
    locked.completion_confirmed_at = timezone.now()
    _record(locked, user, Field.COMPLETION_CONFIRMED, None, locked.completed_on)
    return _save_new_version(locked)


@transaction.atomic
def task_send_back(*, user: User, task: Task, note: str) -> Task:
    """A coordinator refuses a reported, unconfirmed completion: the task is in progress
    again at the percent reported before the completion, with the reason in its history
    for the unit to read. The days since the completion count it open again: one of the
    two corrections of past figures DOMAIN.md allows."""
    _check_length(note=note)
    locked = _locked(task, None)
    lifecycle.require("send_back", user, locked)
    if locked.completion_confirmed_at:
        raise ValidationError(_("This completion is confirmed; reopen the task instead."))
    return _uncomplete(locked, user, note, _("Give the reason for sending it back."))


@transaction.atomic
def task_reopen(*, user: User, task: Task, note: str) -> Task:
    """A coordinator reopens a completed task (confirmed or not) with a reason: in progress
    again at the percent reported before the completion. A coordinator's correction: the
    days since the completion count it open again."""
    locked = _locked(task, None)
    lifecycle.require("reopen", user, locked)
    return _uncomplete(locked, user, note, _("Give the reason for reopening the task."))


def percent_before_completion(task: Task) -> int:
    """The percent the task stood at before its latest completion report."""
    before = (
        task.changes.filter(field=TaskChange.Field.PERCENT, after="100")
        .order_by("-changed_at", "-id")
        .values_list("before", flat=True)
        .first()
    )
    return int(before) if before else task.percent


def _uncomplete(locked: Task, user: User, note: str, reason_needed: str) -> Task:
    note = note.strip()
    if not note:
        raise ValidationError({"note": reason_needed})
    today = timezone.localdate()
    percent = percent_before_completion(locked)
    _record(locked, user, Field.STATUS, locked.status, Task.Status.IN_PROGRESS, note, today)
    if percent != locked.percent:
        _record(locked, user, Field.PERCENT, locked.percent, percent, note, today)
    _record(locked, user, Field.COMPLETED_ON, locked.completed_on, None, note, today)
    locked.status = Task.Status.IN_PROGRESS
    locked.percent = percent
    locked.completed_on = None
    locked.completion_confirmed_at = None
    return _save_new_version(locked)


@transaction.atomic
@once_per_key(IdempotencyKey.Action.EXTENSION)
def extension_request(
    *, user: User, task: Task, requested_deadline: date, reason: str, on: date | None = None
) -> Extension:
    """Ask, on business day `on` (default today; back-filled data gives an earlier one), to
    move the deadline in force of an open task to a day later than both `on` and that
    deadline; stays pending until a coordinator decides."""
    _check_length(reason=reason)
    task = _locked(task, None)  # two requests at once: the second sees the first
    lifecycle.require("request_extension", user, task)
    on = on or timezone.localdate()
    _check_business_day(on, task)
    if task.deadline is None:
        raise ValidationError(_("An ongoing task has no deadline to extend."))
    check_in_range(requested_deadline=requested_deadline)
    if requested_deadline <= task.deadline:
        raise ValidationError(
            {"requested_deadline": _("The new deadline must be after the deadline in force.")}
        )
    if requested_deadline <= on:
        raise ValidationError(
            {"requested_deadline": _("The requested deadline must be later than today.")}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    if task.extensions.filter(status=Extension.Status.PENDING).exists():
        raise ValidationError(_("This task already has an extension request waiting."))
    extension = Extension.objects.create(
        task=task,
        requested_by=recorded_user(user),
        previous_deadline=task.deadline,
        requested_deadline=requested_deadline,
        reason=reason.strip(),
    )
    # Notifications (outbox), in this transaction:
    notify_extension_requested(extension, actor=user)
    return extension


@transaction.atomic
def extension_approve(
    *, user: User, extension: Extension, on: date | None = None, note: str = ""
) -> Extension:
    """Approve: the deadline in force moves from business day `on`; the original stays."""
    require_manage_task(user, extension.task)
    _check_length(note=note)
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    if extension.status != Extension.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    task = Task.objects.select_for_update().get(pk=extension.task_id)
    on = on or timezone.localdate()
    _check_business_day(on, task, "decided_on")
    extension.status = Extension.Status.APPROVED
    extension.decided_by = recorded_user(user)
    extension.decided_on = on
    extension.decision_note = note
    extension.save()
    _record(
        task,
        user,
        Field.DEADLINE,
        task.deadline,
        extension.requested_deadline,
        note,
        extension.decided_on,
    )
    task.deadline = extension.requested_deadline
    task.extension_count = F("extension_count") + 1
    task.overdue_since = None
    task.version = F("version") + 1
    task.save()
    # Notifications (outbox), in this transaction:
    notify_extension_decided(extension, actor=user)
    return extension


@transaction.atomic
def extension_reject(*, user: User, extension: Extension, note: str) -> Extension:
    """Reject with a reason the requester will read; the deadline stays."""
    require_manage_task(user, extension.task)
    _check_length(note=note)
    if not note.strip():
        raise ValidationError({"note": _("Give the reason for rejecting.")})
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    if extension.status != Extension.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    extension.status = Extension.Status.REJECTED
    extension.decided_by = recorded_user(user)
    extension.decided_on = timezone.localdate()
    extension.decision_note = note.strip()
    extension.save()
    # Notifications (outbox), in this transaction:
    notify_extension_decided(extension, actor=user)
    return extension


@transaction.atomic
@once_per_key(IdempotencyKey.Action.BLOCKER)
def blocker_raise(*, user: User, task: Task, description: str, on: date | None = None) -> Blocker:
    """Report an obstacle (vướng mắc) on an open task one may change, as of business day
    `on` (default today). It stays open, counted in the task's at-risk score, until
    resolved; coordinators are told."""
    _require(may_change_task(user, task))
    if not description.strip():
        raise ValidationError({"description": _("Describe the blocker.")})
    # Locked, so a completion reported meanwhile is seen.
    locked = _locked(task, None)
    if locked.status in (Task.Status.COMPLETED, Task.Status.CANCELLED):
        raise ValidationError(_("A completed or cancelled task takes no new blockers."))
    on = on or timezone.localdate()
    _check_business_day(on, locked)
    blocker = Blocker.objects.create(
        task=locked,
        description=description.strip(),
        raised_by=recorded_user(user),
        raised_on=on,
    )
    _record(
        locked,
        user,
        Field.BLOCKER,
        None,
        Blocker.State.OPEN,
        blocker.description,
        blocker.raised_on,
    )
    # Notifications (outbox), in this transaction:
    notify_blocker_raised(blocker, actor=user)
    return blocker


@transaction.atomic
def blocker_resolve(*, user: User, blocker: Blocker, resolution: str) -> Blocker:
    """Close a blocker as of today, saying how it was resolved; a blocker is resolved once.

    Who may: whoever may change the task. Coordinators and administrators answer blockers;
    the lead unit's staff, who raise them, may close their own once the obstacle is gone:
    they are the first to know, and a blocker left open would keep the task at risk.
    Leaders only read. The reporter is told when someone else resolves it."""
    _require(may_change_task(user, blocker.task))
    if not resolution.strip():
        raise ValidationError({"resolution": _("Say how the blocker was resolved.")})
    locked = (
        Blocker.objects.select_for_update(of=("self",)).select_related("task").get(pk=blocker.pk)
    )
    if not locked.is_open:
        raise ValidationError(_("This blocker is already resolved."))
    locked.resolved_on = timezone.localdate()
    locked.resolved_by = recorded_user(user)
    locked.resolution = resolution.strip()
    locked.save()
    _record(
        locked.task,
        user,
        Field.BLOCKER,
        Blocker.State.OPEN,
        Blocker.State.RESOLVED,
        locked.resolution,
        locked.resolved_on,
    )
    # Notifications (outbox), in this transaction:
    notify_blocker_resolved(locked, actor=user)
    return locked
