from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resolutions.codes import fold
from resolutions.models import Document, Unit
from tasks.evidence import evidence_path, evidence_storage


class Task(models.Model):
    """A task (nhiệm vụ) that a document assigns to a lead unit."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    document = models.ForeignKey(
        Document, models.PROTECT, related_name="tasks", verbose_name=_("document")
    )
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    # issue 15: what the task must deliver (sản phẩm đầu ra), and what the completion
    # report says was delivered; a coordinator confirms the completion against both.
    expected_output = models.CharField(_("expected output"), max_length=500, blank=True)
    output_delivered = models.TextField(_("output delivered"), blank=True)
    lead_unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="led_tasks", verbose_name=_("lead unit")
    )
    # issue 13: a sub-task breaks `parent` down for a unit of the parent's lead unit's tree.
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="subtasks",
        verbose_name=_("parent task"),
    )
    # The parent's percent follows its sub-tasks' (their mean) rather than its own reports.
    rolls_up = models.BooleanField(_("percent rolled up from sub-tasks"), default=False)
    supporting_units = models.ManyToManyField(
        Unit, blank=True, related_name="supported_tasks", verbose_name=_("supporting units")
    )
    assigned_on = models.DateField(_("assigned on"))
    original_deadline = models.DateField(_("original deadline"), null=True, blank=True)
    # The deadline in force today: the original one, moved by each approved extension.
    deadline = models.DateField(_("deadline in force"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(
        _("percent"), default=0, validators=[MaxValueValidator(100)]
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completion_confirmed_at = models.DateTimeField(
        _("completion confirmed at"), null=True, blank=True
    )
    # The business day a coordinator stopped the task (dừng thực hiện): it counts before it.
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    extension_count = models.PositiveSmallIntegerField(_("extensions"), default=0)
    # Set by the overdue sweep: the first day the task was found overdue.
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)
    # Optimistic concurrency: every change bumps it; a stale form or If-Match is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    search_key = models.CharField(max_length=600, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["document", "status"]),
            models.Index(fields=["lead_unit", "status"]),
            # issue 20: each list's default order and common filters, so a page of a list
            # reads its rows from an index and stops there
            models.Index(fields=["deadline", "id"], name="task_deadline"),
            models.Index(fields=["status", "deadline", "id"], name="task_status_deadline"),
            models.Index(fields=["updated_at", "id"], name="task_updated"),
            models.Index(
                fields=["completed_on", "id"],
                condition=Q(status="completed", completion_confirmed_at__isnull=True),
                name="task_completion_to_confirm",
            ),
            # a document's longest overdue and soon-due tasks, read in deadline order
            models.Index(fields=["document", "deadline", "id"], name="task_document_deadline"),
            # the same for a unit and its sub-units: only the tasks near their deadline are read
            models.Index(fields=["lead_unit", "deadline", "id"], name="task_lead_unit_deadline"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="task_percent_max_100"),
            models.CheckConstraint(
                condition=Q(original_deadline__isnull=True)
                | Q(original_deadline__gte=models.F("assigned_on")),
                name="task_deadline_after_assigned",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False),
                name="task_completed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled", cancelled_on__isnull=False)
                | ~Q(status="cancelled") & Q(cancelled_on__isnull=True),
                name="task_cancelled_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self) -> None:
        """The columns computed from others; save() and bulk writers both call it."""
        self.search_key = task_search_key(self.title)


def task_search_key(title: str) -> str:
    """The folded title `search_key` holds; `save()` and bulk writers both call this."""
    return f" {fold(title)} "


class TaskChange(models.Model):
    """Append-only history: who changed what, when, from what to what."""

    class Field(models.TextChoices):
        """What a history entry records; its label is what the timeline and exports show,
        `VALUE_KINDS` how its before/after values read."""

        CREATED = "created", _("Assigned")
        STATUS = "status", _("Status")
        PERCENT = "percent", _("Percent")
        COMPLETED_ON = "completed_on", _("Completed on")
        DEADLINE = "deadline", _("Deadline in force")
        NOTE = "note", _("Note")
        EVIDENCE = "evidence", _("Evidence file")
        TITLE = "title", _("Title")
        DESCRIPTION = "description", _("Description")
        SUPPORTING_UNITS = "supporting_units", _("Supporting units")
        COMPLETION_CONFIRMED = "completion_confirmed", _("Completion confirmed")
        BLOCKER = "blocker", _("Blocker")
        CANCELLED_ON = "cancelled_on", _("Cancelled on")
        LEAD_UNIT = "lead_unit", _("Lead unit")
        DOCUMENT = "document", _("Document")
        REQUEST = "request", _("Request")
        EXPECTED_OUTPUT = "expected_output", _("Expected output")
        OUTPUT = "output", _("Output delivered")
        DIRECTION = "direction", _("Direction")

    # What a unit's progress report writes; blockers, deadlines and decisions are not reports.
    REPORT_FIELDS = (Field.STATUS, Field.PERCENT, Field.COMPLETED_ON, Field.NOTE, Field.EVIDENCE)
    # How each field's before/after values read: a status, a percent, a day, a blocker's
    # or a request's state, a name (evidence: the file) or nothing shown (created, note).
    VALUE_KINDS = {
        Field.STATUS: "status",
        Field.PERCENT: "percent",
        Field.COMPLETED_ON: "date",
        Field.DEADLINE: "date",
        Field.CANCELLED_ON: "date",
        Field.COMPLETION_CONFIRMED: "date",
        Field.BLOCKER: "blocker",
        Field.REQUEST: "request",
        Field.EVIDENCE: "name",
        Field.CREATED: "none",
        Field.NOTE: "none",
        Field.DIRECTION: "none",
    }

    task = models.ForeignKey(Task, models.CASCADE, related_name="changes", verbose_name=_("task"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, verbose_name=_("by")
    )
    changed_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # The business day the change took effect; differs from changed_at for back-filled data.
    effective_on = models.DateField(_("effective on"))
    field = models.CharField(_("field"), max_length=40, choices=Field.choices)
    # Text, not 255 characters: a title of up to 500 is recorded whole, as it was.
    before = models.TextField(_("before"), blank=True)
    after = models.TextField(_("after"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("task change")
        verbose_name_plural = _("task history")
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(fields=["task", "changed_at"]),
            # issue 20: the admin's history, newest first, whole or filtered by field; with
            # changed_at alone, rows recorded at one moment (a bulk import) were sorted by id
            # in full before the first page
            models.Index(fields=["changed_at", "id"], name="taskchange_changed"),
            models.Index(fields=["field", "changed_at", "id"], name="taskchange_field_changed"),
        ]

    def __str__(self) -> str:
        return f"{self.field}: {self.before} → {self.after}"

    @property
    def value_kind(self) -> str:
        """How `before` and `after` read (VALUE_KINDS); plain text when not listed."""
        return self.VALUE_KINDS.get(self.field, "text")  # type: ignore[call-overload]


class DecidedRequest(models.Model):
    """A unit's request on a task and a coordinator's decision on it: who asked and when,
    whether it was approved, by whom, from which business day, and why."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    # The business day the decision takes effect (an extension: the deadline in force
    # moves from here on; a stop: the task counts until the day before).
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-requested_at", "-id"]


class Extension(DecidedRequest):
    """A request to move a task's deadline (gia hạn) and its decision."""

    task = models.ForeignKey(
        Task, models.CASCADE, related_name="extensions", verbose_name=_("task")
    )
    previous_deadline = models.DateField(_("previous deadline"), null=True, blank=True)
    requested_deadline = models.DateField(_("requested deadline"))

    class Meta(DecidedRequest.Meta):
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        indexes = [
            models.Index(fields=["task", "status", "decided_on"]),
            # issue 20: the review queue (pending, oldest first) and the API's list (newest first)
            models.Index(
                fields=["status", "requested_at", "id"], name="extension_status_requested"
            ),
            models.Index(fields=["requested_at", "id"], name="extension_requested"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: → {self.requested_deadline}"


class ChangeRequest(DecidedRequest):
    """A unit's request to stop (dừng thực hiện) or adjust (điều chỉnh) a task, with a reason;
    a coordinator approves or rejects it like an extension. Approving a stop cancels the
    task from the decision's business day."""

    class Kind(models.TextChoices):
        CANCEL = "cancel", _("Stop the task")
        ADJUST = "adjust", _("Adjust the task")

    task = models.ForeignKey(
        Task, models.CASCADE, related_name="change_requests", verbose_name=_("task")
    )
    kind = models.CharField(_("request"), max_length=10, choices=Kind.choices)

    class Meta(DecidedRequest.Meta):
        verbose_name = _("stop or adjustment request")
        verbose_name_plural = _("stop or adjustment requests")
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.get_kind_display()}"


class Blocker(models.Model):
    """An obstacle (vướng mắc) a unit reports on a task; open until it is resolved.

    Both days are business days, so "open on day D" can be rebuilt for any past day."""

    class State(models.TextChoices):
        """As the task's history records it."""

        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    task = models.ForeignKey(Task, models.CASCADE, related_name="blockers", verbose_name=_("task"))
    description = models.TextField(_("description"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("raised by"),
    )
    raised_on = models.DateField(_("raised on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolution = models.TextField(_("how it was resolved"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("blocker")
        verbose_name_plural = _("blockers")
        ordering = ["-raised_on", "-id"]
        indexes = [
            # the blockers of a task open on a day: raised by then, not resolved by then
            models.Index(fields=["task", "raised_on", "resolved_on"], name="blocker_task_open"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=models.F("raised_on")),
                name="blocker_resolved_after_raised",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None


class Evidence(models.Model):
    """A file that backs a progress report."""

    task = models.ForeignKey(Task, models.CASCADE, related_name="evidence", verbose_name=_("task"))
    file = models.FileField(
        _("file"), upload_to=evidence_path, storage=evidence_storage, max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.original_name


class Notification(models.Model):
    """An outbox row: written with the change that causes it, delivered afterwards."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    # Makes "each reminder sent once" a database guarantee.
    dedupe_key = models.CharField(_("event key"), max_length=200, unique=True)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    url = models.CharField(_("link"), max_length=255, blank=True)
    task = models.ForeignKey(Task, models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["created_at"],
                condition=Q(emailed_at__isnull=True),
                name="notification_undelivered",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class IdempotencyKey(models.Model):
    """A write a client sent with a key of its choosing (a form opened once, a report queued
    on a phone): the same key sent again by the same user is answered with the first result
    instead of being recorded twice. Written in the transaction of the write it stands for."""

    class Action(models.TextChoices):
        PROGRESS = "progress", _("Progress report")
        BLOCKER = "blocker", _("Blocker")
        EXTENSION = "extension", _("Extension request")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("key"), max_length=100)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # The task (a progress report), blocker or extension request the first write produced.
    result_id = models.PositiveBigIntegerField(_("result"), null=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.key}"


class TaskImport(models.Model):
    """An uploaded spreadsheet of tasks (issue 14): its rows as read, their errors, and how
    far their creation has gone. Rows are validated again when confirmed, so a change made
    in between can never slip a bad row in."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked")
        QUEUED = "queued", _("Being imported")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255)
    # [{"row": 2, "document": "57-NQ/TW", "title": …}, …]: every data row, as cells read
    rows = models.JSONField(_("rows"), default=list)
    # [{"row": 2, "column": "Hạn hoàn thành", "message": …}, …]
    errors = models.JSONField(_("errors"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKED
    )
    created_count = models.PositiveIntegerField(_("tasks created"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("task import")
        verbose_name_plural = _("task imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def bad_rows(self) -> int:
        return len({error["row"] for error in self.errors})

    @property
    def valid_count(self) -> int:
        return self.row_count - self.bad_rows


class AssignmentBatch(models.Model):
    """One assignment of the same task to many lead units (issue 16): its result page
    lists exactly these tasks, and the coordinator may undo it for a while."""

    document = models.ForeignKey(
        Document, models.PROTECT, related_name="+", verbose_name=_("document")
    )
    title = models.CharField(_("title"), max_length=500)
    tasks = models.ManyToManyField(Task, related_name="assignment_batches", verbose_name=_("tasks"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undo_reason = models.TextField(_("reason for undoing"), blank=True)

    class Meta:
        verbose_name = _("assignment batch")
        verbose_name_plural = _("assignment batches")

    def __str__(self) -> str:
        return self.title
