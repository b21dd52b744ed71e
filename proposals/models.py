from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reports.models import Target
from resolutions.models import Document, Unit
from tasks.models import Task


class Proposal(models.Model):
    """A proposal or blocker (kiến nghị, đề xuất) a unit raises to a higher unit, on a task,
    a target or a document. Moves only through proposals.services; each step is kept."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted for discussion")
        ANSWERED = "answered", _("Answered")
        RESOLVED = "resolved", _("Resolved")
        REJECTED = "rejected", _("Rejected")

    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    from_unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="proposals_raised", verbose_name=_("raised by unit")
    )
    to_unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="proposals_received", verbose_name=_("addressed to")
    )
    task = models.ForeignKey(
        Task, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("task")
    )
    target = models.ForeignKey(
        Target, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("target")
    )
    document = models.ForeignKey(
        Document,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.SUBMITTED
    )
    submitted_on = models.DateField(_("submitted on"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("raised by"),
    )
    meeting_name = models.CharField(_("meeting"), max_length=255, blank=True)
    meeting_on = models.DateField(_("meeting date"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    responsible_unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals_handled",
        verbose_name=_("responsible agency"),
    )
    handle_by = models.DateField(_("deadline"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["submitted_on", "id"]
        indexes = [models.Index(fields=["to_unit", "state", "submitted_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(task__isnull=False, target__isnull=True, document__isnull=True)
                | Q(task__isnull=True, target__isnull=False, document__isnull=True)
                | Q(task__isnull=True, target__isnull=True, document__isnull=False),
                name="proposal_about_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProposalStep(models.Model):
    """One move of a proposal (append-only): from which state to which, who, when, and the
    step's own fields (meeting, conclusion, reason) as they were entered."""

    proposal = models.ForeignKey(
        Proposal, models.CASCADE, related_name="steps", verbose_name=_("proposal")
    )
    from_state = models.CharField(
        _("from"), max_length=20, choices=Proposal.State.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=20, choices=Proposal.State.choices)
    on = models.DateField(_("on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("proposal step")
        verbose_name_plural = _("proposal steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.from_state} → {self.to_state}"


class ExplanationRequest(models.Model):
    """A leader's or coordinator's request that a unit explain (yêu cầu giải trình) an
    overdue task or a target at risk, by a deadline; open until the unit answers."""

    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="explanation_requests", verbose_name=_("unit")
    )
    task = models.ForeignKey(
        Task, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("task")
    )
    target = models.ForeignKey(
        Target, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("target")
    )
    question = models.TextField(_("what to explain"))
    answer_by = models.DateField(_("answer by"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_on = models.DateField(_("requested on"))
    answer = models.TextField(_("explanation"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("explanation request")
        verbose_name_plural = _("explanation requests")
        ordering = ["answer_by", "id"]
        indexes = [models.Index(fields=["unit", "answered_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(task__isnull=False, target__isnull=True)
                | Q(task__isnull=True, target__isnull=False),
                name="explanation_about_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return self.question[:80]

    @property
    def is_open(self) -> bool:
        return self.answered_on is None
