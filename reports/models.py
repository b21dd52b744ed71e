from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from resolutions.models import Document, Unit


class Target(models.Model):
    """A quantitative target (chỉ tiêu): actual against plan, may pass 100%."""

    class Outlook(models.TextChoices):
        GREEN = "green", _("Will meet plan")
        ORANGE = "orange", _("Developing")
        RED = "red", _("At risk")
        GREY = "grey", _("Cannot be judged yet")

    class MeasureKind(models.TextChoices):
        NUMBER = "number", _("Number")
        PERCENT = "percent", _("Percent")
        MONEY = "money", _("Money")

    document = models.ForeignKey(
        Document,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("document"),
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="targets", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=255)
    measure = models.CharField(_("measured in"), max_length=40)
    measure_kind = models.CharField(
        _("kind of measure"), max_length=10, choices=MeasureKind.choices, default="number"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    plan = models.DecimalField(_("plan"), max_digits=14, decimal_places=2)
    done = models.DecimalField(_("done"), max_digits=14, decimal_places=2, default=0)
    in_progress = models.DecimalField(_("in progress"), max_digits=14, decimal_places=2, default=0)
    outlook = models.CharField(
        _("outlook"), max_length=10, choices=Outlook.choices, default=Outlook.GREY
    )
    # issue 15: the latest report's values (targets.services writes them with the report);
    # `done` / `in_progress` / `not_done` are the optional parts of the whole.
    actual = models.DecimalField(_("actual"), max_digits=14, decimal_places=2, default=0)
    not_done = models.DecimalField(_("not done"), max_digits=14, decimal_places=2, default=0)
    reported_on = models.DateField(_("last reported on"), null=True, blank=True)
    # Empty when the outlook was suggested from the pace rather than set by the unit.
    outlook_reason = models.TextField(_("reason for the outlook"), blank=True)
    # A province's target that is the sum of its units' targets names none; theirs name it.
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="unit_targets",
        verbose_name=_("sum into"),
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["unit", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(plan__gt=0), name="target_plan_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class DailySnapshot(models.Model):
    """The counts of one document (and optionally one lead unit) at the end of a day."""

    day = models.DateField(_("day"))
    document = models.ForeignKey(
        Document, models.CASCADE, related_name="+", verbose_name=_("document")
    )
    unit = models.ForeignKey(
        Unit, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    total = models.PositiveIntegerField(_("assigned"))
    completed = models.PositiveIntegerField(_("completed"))
    overdue = models.PositiveIntegerField(_("overdue"))
    not_started = models.PositiveIntegerField(_("not started"))

    class Meta:
        verbose_name = _("daily snapshot")
        verbose_name_plural = _("daily snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "document", "unit"],
                name="snapshot_unit_unique",
                condition=models.Q(unit__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["day", "document"],
                name="snapshot_document_unique",
                condition=models.Q(unit__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.document_id}/{self.unit_id}"


class IssuedReport(models.Model):
    """A periodic report as it was sent ("Phát hành", issue 14): its number, day, figures
    and the three files, kept unchanged forever; today's reconstruction of the same period
    is compared with `figures` to show corrections made since."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    documents = models.ManyToManyField(Document, related_name="+", verbose_name=_("documents"))
    unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    include_subunits = models.BooleanField(_("with sub-units"), default=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    layout = models.CharField(_("layout"), max_length=10)
    # {"total": {…TaskCounts}, "documents": {"57-NQ/TW": {…}}}: the figures as issued
    figures = models.JSONField(_("figures"))
    docx = models.BinaryField(_("Word file"))
    pdf = models.BinaryField(_("PDF file"))
    xlsx = models.BinaryField(_("Excel file"))

    class Meta:
        verbose_name = _("issued report")
        verbose_name_plural = _("issued reports")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.number
