from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from targets.services import target_report
from tests.factories import TargetFactory
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db


def test_leaders_read_the_achievement_past_one_hundred_percent(client, today, leader, unit):
    TargetFactory(unit=unit, name="Kết nạp đảng viên", plan=350, actual=448)
    client.force_login(leader)
    page = client.get("/targets/").content.decode()
    assert "Kết nạp đảng viên" in page and "128,0%" in page and "448 / 350" in page


def test_the_list_shows_the_parts_at_integer_precision(client, today, leader, unit):
    TargetFactory(unit=unit, plan=1601, actual=1154, done=1154, in_progress=381, not_done=66)
    client.force_login(leader)
    page = client.get("/targets/").content.decode()
    assert "72% · " in page and "24%" in page and "4%" in page


@pytest.mark.parametrize("rows", [1, 10])
def test_the_list_runs_a_fixed_number_of_queries(
    client, today, leader, unit, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        TargetFactory(unit=unit)
    client.force_login(leader)
    # session, user, membership, the documents of the filter, the targets with their figures
    with django_assert_max_num_queries(5):
        assert client.get("/targets/").status_code == 200


def test_the_unit_reports_from_the_target_page(client, today, staff, unit):
    target = TargetFactory(unit=unit, plan=350)
    client.force_login(staff)
    assert "target-report-form" in client.get(f"/targets/{target.pk}/").content.decode()
    page = client.post(
        f"/targets/{target.pk}/report/",
        {"on": "2025-09-15", "actual": "448", "evidence": "12-BC/ĐU"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "128,0%" in page and "12-BC/ĐU" in page


def test_a_refused_report_shows_the_reason_by_its_field(client, today, staff, unit):
    target = TargetFactory(unit=unit)
    client.force_login(staff)
    page = client.post(
        f"/targets/{target.pk}/report/", {"on": "2025-09-15", "actual": "1", "outlook": "red"}
    ).content.decode()
    assert 'data-error-for="outlook_reason"' in page


def test_leaders_get_no_report_form(client, today, leader, unit):
    target = TargetFactory(unit=unit)
    client.force_login(leader)
    assert "target-report-form" not in client.get(f"/targets/{target.pk}/").content.decode()


def test_staff_do_not_see_another_units_target(client, today, staff, other_unit):
    target = TargetFactory(unit=other_unit)
    client.force_login(staff)
    assert client.get(f"/targets/{target.pk}/").status_code == 404


def test_the_list_filters_by_document(client, today, leader, unit):
    from tests.factories import DocumentFactory

    document = DocumentFactory()
    TargetFactory(unit=unit, document=document, name="Của văn bản")
    TargetFactory(unit=unit, name="Khác")
    client.force_login(leader)
    page = client.get("/targets/", {"document": document.pk}).content.decode()
    assert "Của văn bản" in page and "Khác" not in page


def test_the_list_filters_by_unit_with_the_units_below(client, today, leader, unit, other_unit):
    from tests.factories import UnitFactory

    below = UnitFactory(code="DN-SKHCN-1", parent=unit)
    TargetFactory(unit=below, name="Đơn vị trực thuộc")
    TargetFactory(unit=other_unit, name="Đơn vị khác")
    client.force_login(leader)
    page = client.get("/targets/", {"unit": unit.pk}, headers={"HX-Request": "true"})
    text = page.content.decode()
    assert "Đơn vị trực thuộc" in text and "Đơn vị khác" not in text and "<html" not in text


def test_the_document_dashboard_loads_its_targets(client, today, leader, unit):
    from tests.factories import DocumentFactory

    document = DocumentFactory()
    client.force_login(leader)
    page = client.get(f"/reports/documents/{document.pk}/").content.decode()
    assert f'hx-get="/targets/?document={document.pk}"' in page


def test_the_unit_attaches_an_evidence_file_that_downloads_from_the_history(
    client, today, staff, leader, unit
):
    target = TargetFactory(unit=unit, plan=350)
    client.force_login(staff)
    upload = SimpleUploadedFile("bien-ban.pdf", pdf_bytes())
    page = client.post(
        f"/targets/{target.pk}/report/",
        {"on": "2025-09-15", "actual": "448", "evidence_file": upload},
    ).content.decode()
    report = target.reports.get()
    assert f'href="/targets/evidence/{report.pk}/"' in page and "bien-ban.pdf" in page
    client.force_login(leader)
    download = client.get(f"/targets/evidence/{report.pk}/")
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == pdf_bytes()


def test_a_fake_evidence_file_is_refused_by_its_field(client, today, staff, unit):
    target = TargetFactory(unit=unit)
    client.force_login(staff)
    fake = SimpleUploadedFile("bien-ban.pdf", b"not a pdf at all")
    page = client.post(
        f"/targets/{target.pk}/report/", {"on": "2025-09-15", "actual": "1", "evidence_file": fake}
    ).content.decode()
    assert 'data-error-for="evidence_file"' in page and not target.reports.exists()


def test_staff_of_another_unit_cannot_download_a_targets_evidence(
    client, today, staff, other_unit, coordinator
):
    target = TargetFactory(unit=other_unit)
    report = target_report(
        user=coordinator,
        target=target,
        actual=Decimal(1),
        on=date(2025, 9, 15),
        evidence_file=SimpleUploadedFile("a.pdf", pdf_bytes()),
    )
    client.force_login(staff)
    assert client.get(f"/targets/evidence/{report.pk}/").status_code == 404
