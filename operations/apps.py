from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the tracker in production (issue 18): health, metrics, job runs, replica."""

    name = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from operations import jobs

        jobs.connect()
