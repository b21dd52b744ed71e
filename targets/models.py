import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reports.models import Target
from tasks.evidence import evidence_storage

DECIMAL: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


def target_evidence_path(instance: "TargetReport", filename: str) -> str:
    """Beside the tasks' evidence, under a random name (as tasks.evidence.evidence_path)."""
    return f"targets/{instance.target_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class TargetReport(models.Model):
    """One report of a target's actual value (append-only): who, when, on which day, with
    what evidence. The target row carries the latest report's values."""

    target = models.ForeignKey(
        Target, models.CASCADE, related_name="reports", verbose_name=_("target")
    )
    on = models.DateField(_("as of"))
    actual = models.DecimalField(_("actual"), **DECIMAL)
    done = models.DecimalField(_("done"), null=True, blank=True, **DECIMAL)
    in_progress = models.DecimalField(_("in progress"), null=True, blank=True, **DECIMAL)
    not_done = models.DecimalField(_("not done"), null=True, blank=True, **DECIMAL)
    outlook = models.CharField(_("outlook"), max_length=10, choices=Target.Outlook.choices)
    outlook_reason = models.TextField(_("reason for the outlook"), blank=True)
    note = models.TextField(_("note"), blank=True)
    evidence = models.CharField(
        _("evidence"), max_length=500, blank=True, help_text=_("A document number or a link.")
    )
    # An evidence file, checked by content as a task's evidence is (tasks.evidence).
    evidence_file = models.FileField(
        _("evidence file"),
        upload_to=target_evidence_path,
        storage=evidence_storage,
        max_length=200,
        blank=True,
    )
    evidence_name = models.CharField(_("file name"), max_length=255, blank=True)
    evidence_size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    evidence_content_type = models.CharField(_("content type"), max_length=100, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("target report")
        verbose_name_plural = _("target reports")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.target} · {self.on}"
