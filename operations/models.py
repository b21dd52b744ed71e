from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """The runs of one Celery job, kept by the worker that ran them: one row per job name,
    so /healthz and /metrics read every job's last run in one query on any machine."""

    name = models.CharField(_("job"), max_length=200, unique=True)
    last_started_at = models.DateTimeField(_("last started at"), null=True)
    last_finished_at = models.DateTimeField(_("last finished at"), null=True)
    last_seconds = models.FloatField(_("last duration (s)"), null=True)
    last_succeeded = models.BooleanField(_("last run succeeded"), null=True)
    runs = models.PositiveBigIntegerField(_("runs"), default=0)
    failures = models.PositiveBigIntegerField(_("failed runs"), default=0)
    total_seconds = models.FloatField(_("total duration (s)"), default=0)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")

    def __str__(self) -> str:
        return self.name
