from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resolutions.models import Document
from tasks.models import Task


class Direction(models.Model):
    """A leader's direction (ý kiến chỉ đạo) on a task or a document (append-only)."""

    task = models.ForeignKey(
        Task,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="directions",
        verbose_name=_("task"),
    )
    document = models.ForeignKey(
        Document,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="directions",
        verbose_name=_("document"),
    )
    text = models.TextField(_("direction"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("given by"),
    )
    given_on = models.DateField(_("given on"))
    given_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("direction")
        verbose_name_plural = _("directions")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(task__isnull=False, document__isnull=True)
                | Q(task__isnull=True, document__isnull=False),
                name="direction_on_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]
