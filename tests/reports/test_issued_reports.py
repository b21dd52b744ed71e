"""Issued reports ("Phát hành"): kept with number, day, figures and files; downloaded
unchanged; the page shows whether today's reconstruction differs."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.urls import reverse

from reports.models import IssuedReport
from reports.periodic.selectors import ReportRequest, corrections_since
from reports.periodic.services import periodic_report_issue
from reports.periods import date_range
from tasks.models import Task
from tests.factories import DocumentFactory, TaskFactory

pytestmark = pytest.mark.django_db
PERIOD = date_range(date(2025, 7, 1), date(2025, 9, 15))


@pytest.fixture
def document(db, unit):
    document = DocumentFactory(code="57-NQ/TW")
    TaskFactory.create_batch(3, document=document, lead_unit=unit)
    TaskFactory(
        document=document,
        lead_unit=unit,
        status=Task.Status.COMPLETED,
        completed_on=date(2025, 8, 1),
    )
    return document


def issue(user, document, number="125") -> IssuedReport:
    return periodic_report_issue(
        user=user, request=ReportRequest(documents=(document,), period=PERIOD), number=number
    )


def test_issued_report_keeps_its_party_number_and_figures(document, coordinator, today):
    issued = issue(coordinator, document)
    assert (issued.number, issued.issued_on) == ("125-BC/TU", today)
    assert issued.figures["total"]["total"] == 4
    assert issued.figures["documents"]["57-NQ/TW"]["completed"] == 1


def test_issued_file_downloads_unchanged_after_a_correction(document, coordinator, client, today):
    issued = issue(coordinator, document)
    stored = bytes(issued.docx)
    Task.objects.filter(document=document).update(
        status=Task.Status.CANCELLED, cancelled_on=F("assigned_on")
    )
    client.force_login(coordinator)
    response = client.get(reverse("reports:issued_file", args=[issued.pk, "docx"]))
    assert response.content == stored
    assert "125-BC-TU.docx" in response["Content-Disposition"]


def test_reconstruction_without_changes_shows_no_correction(document, coordinator, today):
    assert corrections_since(issue(coordinator, document), user=coordinator) == []


def test_back_dated_completion_shows_as_a_correction(document, coordinator, client, today):
    issued = issue(coordinator, document)
    task = Task.objects.filter(document=document, status=Task.Status.NOT_STARTED).first()
    Task.objects.filter(pk=task.pk).update(
        status=Task.Status.COMPLETED, completed_on=date(2025, 9, 1), percent=100
    )
    client.force_login(coordinator)
    page = client.get(reverse("reports:issued", args=[issued.pk])).content.decode()
    assert 'data-testid="corrections"' in page
    changed = {
        (c.scope, c.figure, c.issued, c.today) for c in corrections_since(issued, user=coordinator)
    }
    assert ("total", "completed", 1, 2) in changed


def test_a_number_is_issued_once(document, coordinator, today):
    issue(coordinator, document)
    with pytest.raises(ValidationError):
        issue(coordinator, document)


def test_leaders_may_not_issue(document, leader, today):
    with pytest.raises(PermissionDenied):
        issue(leader, document)


def test_issue_from_the_page_redirects_to_the_issued_report(document, coordinator, client, today):
    client.force_login(coordinator)
    query = "document=57-NQ%2FTW&kind=range&start=2025-07-01&end=2025-09-15"
    response = client.post(f"{reverse('reports:periodic_issue')}?{query}", {"number": "7"})
    issued = IssuedReport.objects.get()
    assert response["Location"] == reverse("reports:issued", args=[issued.pk])
    assert issued.number == "7-BC/TU"
