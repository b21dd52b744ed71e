from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from demo.seed import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Load the demo data set and the demo logins (development and demos only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=date.fromisoformat,
            default=None,
            help="The demo day, YYYY-MM-DD (default: today).",
        )

    def handle(self, *args, date=None, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                _("Demo data is off here: set DEMO_DATA_ALLOWED=true (never in production).")
            )
        loaded, logins = seed_demo(today=date or timezone.localdate())
        self.stdout.write(_("Demo data loaded.") if loaded else _("Demo data already present."))
        self.stdout.write(_("Demo logins (password “%(password)s”):") % {"password": DEMO_PASSWORD})
        for login in logins:
            self.stdout.write(f"  {login.username:<12} {login.role} · {login.unit}")
