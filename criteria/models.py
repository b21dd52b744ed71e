from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from resolutions.models import Document, Unit


class CriteriaSet(models.Model):
    """A criteria set (bộ tiêu chí), e.g. the 16 criteria every commune and ward must meet:
    it applies to the units of some kinds under a parent unit."""

    name = models.CharField(_("name"), max_length=255)
    document = models.ForeignKey(
        Document,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    parent = models.ForeignKey(
        Unit, models.PROTECT, related_name="criteria_sets", verbose_name=_("applies under")
    )
    # Unit.Kind values, e.g. ["commune", "ward", "special_zone"]: a list on every database.
    unit_kinds = models.JSONField(_("kinds of unit"), default=list)

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet, models.CASCADE, related_name="criteria", verbose_name=_("criteria set")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=500)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "number"], name="criterion_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class CriterionReport(models.Model):
    """A unit's report that it meets a criterion, or not, from a day (append-only): the
    matrix as of a day reads each unit's latest report on or before it."""

    criterion = models.ForeignKey(
        Criterion, models.CASCADE, related_name="reports", verbose_name=_("criterion")
    )
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="criterion_reports", verbose_name=_("unit")
    )
    met = models.BooleanField(_("met"))
    on = models.DateField(_("as of"))
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("criterion report")
        verbose_name_plural = _("criterion reports")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["criterion", "unit", "on"])]

    def __str__(self) -> str:
        return f"{self.unit} · {self.criterion}"
