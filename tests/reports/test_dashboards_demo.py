"""The dashboards on the demo data: the seed figures DOMAIN.md promises."""

import pytest
from django.urls import reverse

from resolutions.models import Document
from tasks.models import Task
from tests.reports.test_dashboards import page_of

pytestmark = pytest.mark.django_db

SENTENCE_57 = (
    "Được giao 75 nhiệm vụ; đến nay đã hoàn thành 32 nhiệm vụ (tỷ lệ 42,7%), đang triển khai "
    "43 nhiệm vụ, trong đó có 2 nhiệm vụ quá hạn (tỷ lệ 2,7%)."
)


def test_document_dashboard_of_57_reads_the_seed_sentence(seeded, client, today, leader):
    client.force_login(leader)
    document = Document.objects.get(code="57-NQ/TW")
    assert SENTENCE_57 in page_of(client, "reports:document", document.pk)


def test_document_dashboard_as_of_a_past_day_rebuilds_the_figures(seeded, client, today, leader):
    client.force_login(leader)
    document = Document.objects.get(code="57-NQ/TW")
    page = page_of(client, "reports:document", document.pk, as_of="2025-06-30")
    assert SENTENCE_57 not in page
    assert "Figures as of 30/06/2025" in page or "30/06/2025" in page


def test_unit_dashboard_lists_the_units_tasks_across_documents(seeded, client, today, leader):
    client.force_login(leader)
    unit = Task.objects.filter(document__code="57-NQ/TW").first().lead_unit
    page = page_of(client, "reports:unit", unit.pk)
    assert unit.name in page
    assert "57-NQ/TW" in page


def test_overview_links_each_document_to_its_dashboard(seeded, client, today, leader):
    client.force_login(leader)
    document = Document.objects.get(code="57-NQ/TW")
    page = client.get(reverse("home")).content.decode()
    assert reverse("reports:document", args=[document.pk]) in page
