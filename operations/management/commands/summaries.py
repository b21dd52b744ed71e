"""Prints the summary of every document, as GET /api/v1/summary/ answers it to an
administrator, as one JSON object keyed by the document's reference: run it before a backup
and after a restore, and the two outputs are the same (docs/operations.md)."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date
from rest_framework.test import APIRequestFactory, force_authenticate

from reports.api import SummaryView
from resolutions.models import Document


class Command(BaseCommand):
    help = "Print the summary of every document as JSON (to compare a restore with its source)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="the day of the figures, YYYY-MM-DD (default today)")

    def handle(self, *args, as_of=None, **options):
        if as_of is not None and parse_date(as_of) is None:
            raise CommandError(f"--as-of: not a date: {as_of}")
        admin = get_user_model().objects.filter(is_superuser=True, is_active=True).first()
        if admin is None:
            raise CommandError("No active administrator: create one with createsuperuser.")
        view = SummaryView.as_view()
        factory = APIRequestFactory()
        summaries = {}
        for document in Document.objects.order_by("pk"):
            params = {"document": document.pk} | ({"as_of": as_of} if as_of else {})
            request = factory.get("/api/v1/summary/", params)
            force_authenticate(request, user=admin)
            response = view(request)
            if response.status_code != 200:
                raise CommandError(f"{document}: {response.status_code} {response.data}")
            summaries[f"{document.code}@{document.issued_on.year}#{document.pk}"] = json.loads(
                response.content
            )
        self.stdout.write(json.dumps(summaries, ensure_ascii=False, indent=1, sort_keys=True))
