"""The periodic report page and the content it previews."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from reports.periodic.selectors import Layout, ReportRequest, default_layout, periodic_report
from reports.periods import date_range
from resolutions.models import Document, Unit

pytestmark = pytest.mark.django_db
URL = reverse("reports:periodic")


def demo_user(name: str):
    return get_user_model().objects.get(username=name)


def test_party_code_takes_the_party_layout(seeded):
    assert default_layout((Document.objects.get(code="57-NQ/TW"),), None) == Layout.PARTY


def test_party_organ_reports_in_the_party_layout(seeded):
    organ = Unit.objects.filter(kind=Unit.Kind.PARTY_ORGAN).first()
    documents = tuple(Document.objects.filter(code__contains="-"))[:1]
    assert default_layout(documents, organ) == Layout.PARTY


def test_quarter_on_the_page_follows_the_configured_cut_off(seeded, client, today, settings):
    settings.REPORT_CUTOFF_DAY = 15
    client.force_login(demo_user("leader"))
    page = client.get(URL, {"document": "57-NQ/TW", "kind": "quarter", "year": 2025, "part": 2})
    assert "từ ngày 15/03/2025 đến ngày 14/06/2025" in page.content.decode()


def test_page_previews_the_sentence_and_links_the_three_files(seeded, client, today):
    client.force_login(demo_user("coordinator"))
    page = client.get(URL, {"document": "57-NQ/TW", "kind": "year", "year": 2025}).content.decode()
    assert "Được giao 75 nhiệm vụ; đến nay đã hoàn thành 32 nhiệm vụ" in page
    for wanted in ("docx", "pdf", "xlsx"):
        assert f"format={wanted}" in page


def test_page_with_htmx_answers_only_the_preview(seeded, client, today):
    client.force_login(demo_user("leader"))
    query = {"document": "57-NQ/TW", "kind": "year", "year": 2025}
    page = client.get(URL, query, headers={"HX-Request": "true"}).content.decode()
    assert 'data-testid="periodic-report"' in page
    assert "<nav" not in page


def test_page_range_ending_before_it_starts_says_so(seeded, client, today):
    client.force_login(demo_user("leader"))
    query = {"document": "57-NQ/TW", "kind": "range", "start": "2025-06-30", "end": "2025-01-01"}
    page = client.get(URL, query).content.decode()
    assert "The end of the range is before its start." in page or "trước ngày bắt đầu" in page
    assert 'data-testid="periodic-report"' not in page


def test_unit_staff_may_not_open_the_report_page(seeded, client, today):
    staff = get_user_model().objects.filter(membership__role="staff").first()
    client.force_login(staff)
    assert client.get(URL).status_code == 403


def test_the_menu_offers_the_report_only_to_those_who_may_open_it(seeded, client, today):
    staff = get_user_model().objects.filter(membership__role="staff").first()
    client.force_login(staff)
    assert URL not in client.get(reverse("tasks:list")).content.decode()
    client.force_login(demo_user("leader"))
    assert URL in client.get(reverse("tasks:list")).content.decode()


def test_unit_without_sub_units_counts_only_its_own_tasks(seeded, today):
    document = Document.objects.get(code="57-NQ/TW")
    city = Unit.objects.get(code="DN")
    period = date_range(date(2025, 1, 1), date(2025, 9, 30))
    user = demo_user("leader")
    with_subunits = periodic_report(
        user=user, request=ReportRequest(documents=(document,), period=period, unit=city)
    )
    own = periodic_report(
        user=user,
        request=ReportRequest(
            documents=(document,), period=period, unit=city, include_subunits=False
        ),
    )
    assert with_subunits.counts.total == 75
    assert own.counts.total == document.tasks.filter(lead_unit=city).count()


def test_report_lists_every_overdue_task_with_days_and_extensions(seeded, today):
    document = Document.objects.get(code="57-NQ/TW")
    report = periodic_report(
        user=demo_user("leader"),
        request=ReportRequest(documents=(document,), period=date_range(date(2025, 7, 1), today)),
    )
    assert len(report.overdue) == report.counts.overdue == 2
    assert all(item.days_overdue == (today - item.deadline_on).days for item in report.overdue)


def test_report_compares_with_the_previous_period_of_the_same_length(seeded, today):
    document = Document.objects.get(code="57-NQ/TW")
    report = periodic_report(
        user=demo_user("leader"),
        request=ReportRequest(documents=(document,), period=date_range(date(2025, 7, 1), today)),
    )
    previous = report.previous_period
    assert previous.end == date(2025, 6, 30)
    assert previous.end - previous.start == today - date(2025, 7, 1)
    assert report.previous.total <= report.counts.total


@pytest.mark.parametrize("documents", [1, 3])
def test_report_reads_ten_queries_and_one_per_document(
    seeded, today, django_assert_max_num_queries, documents
):
    chosen = tuple(Document.objects.all()[:documents])
    request = ReportRequest(documents=chosen, period=date_range(date(2025, 1, 1), today))
    user = demo_user("leader")
    with django_assert_max_num_queries(10 + documents):
        periodic_report(user=user, request=request)


def test_period_not_over_yet_is_reported_as_it_stands_today(seeded, today):
    """The year 2025 seen on 30/09/2025: a task due in November is not overdue."""
    document = Document.objects.get(code="57-NQ/TW")
    year = periodic_report(
        user=demo_user("leader"),
        request=ReportRequest(
            documents=(document,), period=date_range(date(2025, 1, 1), date(2025, 12, 31))
        ),
    )
    assert year.as_of == today
    assert (year.counts.total, year.counts.completed, year.counts.overdue) == (75, 32, 2)


def test_page_quarter_five_is_refused_beside_its_field(seeded, client, today):
    client.force_login(demo_user("leader"))
    query = {"document": "57-NQ/TW", "kind": "quarter", "year": 2025, "part": 5}
    page = client.get(URL, query).content.decode()
    assert 'data-testid="periodic-report"' not in page
    assert "invalid-feedback" in page
