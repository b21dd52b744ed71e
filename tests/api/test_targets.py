"""The targets' writes and figures through the API (issue 15)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from targets.models import TargetReport
from tests.factories import TargetFactory
from tests.files import pdf_bytes

TARGETS = "/api/v1/targets/"
NEW = {
    "unit": "DN-SKHCN",
    "name": "Kết nạp đảng viên mới",
    "measure": "đảng viên",
    "period_start": "2025-01-01",
    "period_end": "2025-12-31",
    "plan": "350",
}


def test_a_coordinator_enters_a_target(api_as, coordinator, unit):
    response = api_as(coordinator).post(TARGETS, NEW, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["unit"], body["plan"], body["actual"], body["achievement"], body["outlook"]) == (
        "DN-SKHCN",
        350.0,
        0.0,
        0.0,
        "grey",
    )


def test_staff_may_not_enter_targets(api_as, staff, unit):
    assert api_as(staff).post(TARGETS, NEW, format="json").status_code == 403


def test_a_target_with_a_bad_period_is_a_400_with_the_reason(api_as, coordinator, unit):
    response = api_as(coordinator).post(TARGETS, NEW | {"period_end": "2024-12-31"}, format="json")
    assert response.status_code == 400
    assert "period_end" in response.json()


def test_staff_report_and_the_answer_carries_the_achievement(today, api_as, staff, unit):
    target = TargetFactory(unit=unit, plan=350)
    response = api_as(staff).post(
        f"{TARGETS}{target.pk}/reports/",
        {"actual": "448", "on": "2025-09-15", "note": "Đợt 2"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["actual"], body["plan"], body["achievement"], body["outlook"]) == (
        448.0,
        350.0,
        128.0,
        "green",
    )


def test_a_report_with_parts_answers_with_shares(today, api_as, staff, unit):
    target = TargetFactory(unit=unit, plan=1601, measure="mét giá")
    parts = {"done": "1154", "in_progress": "381", "not_done": "66"}
    body = (
        api_as(staff)
        .post(
            f"{TARGETS}{target.pk}/reports/",
            {"actual": "1154", "on": "2025-09-15"} | parts,
            format="json",
        )
        .json()
    )
    assert (body["achievement"], body["shares"]) == (72.1, [72.1, 23.8, 4.1])


def test_staff_of_another_unit_may_not_report(today, api_as, staff, other_unit):
    target = TargetFactory(unit=other_unit)
    response = api_as(staff).post(
        f"{TARGETS}{target.pk}/reports/", {"actual": "1", "on": "2025-09-15"}, format="json"
    )
    assert response.status_code == 404  # not even visible to them
    assert not TargetReport.objects.exists()


def test_a_leader_may_not_report(today, api_as, leader, unit):
    target = TargetFactory(unit=unit)
    response = api_as(leader).post(
        f"{TARGETS}{target.pk}/reports/", {"actual": "1", "on": "2025-09-15"}, format="json"
    )
    assert response.status_code == 403


def test_an_outlook_without_reason_is_a_400(today, api_as, staff, unit):
    target = TargetFactory(unit=unit)
    response = api_as(staff).post(
        f"{TARGETS}{target.pk}/reports/",
        {"actual": "1", "on": "2025-09-15", "outlook": "green"},
        format="json",
    )
    assert response.status_code == 400
    assert "outlook_reason" in response.json()


def test_the_reports_of_a_target_are_listed_newest_first(today, api_as, staff, unit):
    target = TargetFactory(unit=unit)
    client = api_as(staff)
    for day, actual in (("2025-06-30", "100"), ("2025-09-15", "448")):
        client.post(f"{TARGETS}{target.pk}/reports/", {"actual": actual, "on": day}, format="json")
    rows = client.get(f"{TARGETS}{target.pk}/reports/").json()
    assert [(row["on"], row["actual"], row["reported_by"]) for row in rows] == [
        ("2025-09-15", 448.0, "clerk"),
        ("2025-06-30", 100.0, "clerk"),
    ]


def test_a_province_target_reads_as_the_sum_of_its_units(api_as, leader, unit, other_unit):
    province = TargetFactory(unit=unit, plan=1)
    TargetFactory(unit=unit, parent=province, plan=200, actual=250)
    TargetFactory(unit=other_unit, parent=province, plan=150, actual=198)
    body = api_as(leader).get(f"{TARGETS}{province.pk}/").json()
    assert (body["actual"], body["plan"], body["achievement"], body["rolled_up"]) == (
        448.0,
        350.0,
        128.0,
        True,
    )


@pytest.mark.parametrize("rows", [1, 10])
def test_the_list_puts_red_first(api_as, leader, unit, rows):
    for _ in range(rows):
        TargetFactory(unit=unit, outlook="green")
    TargetFactory(unit=unit, outlook="red")
    assert api_as(leader).get(TARGETS).json()["results"][0]["outlook"] == "red"


def test_a_report_carries_an_evidence_file_sent_as_multipart(today, api_as, staff, unit):
    target = TargetFactory(unit=unit)
    client = api_as(staff)
    upload = SimpleUploadedFile("bien-ban.pdf", pdf_bytes())
    response = client.post(
        f"{TARGETS}{target.pk}/reports/",
        {"actual": "448", "on": "2025-09-15", "evidence_file": upload},
        format="multipart",
    )
    assert response.status_code == 201
    (row,) = client.get(f"{TARGETS}{target.pk}/reports/").json()
    report = TargetReport.objects.get()
    assert (row["evidence_name"], row["evidence_file_url"]) == (
        "bien-ban.pdf",
        f"/targets/evidence/{report.pk}/",
    )


def test_a_fake_evidence_file_is_a_400_naming_the_field(today, api_as, staff, unit):
    target = TargetFactory(unit=unit)
    fake = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 but nothing after")
    response = api_as(staff).post(
        f"{TARGETS}{target.pk}/reports/",
        {"actual": "1", "on": "2025-09-15", "evidence_file": fake},
        format="multipart",
    )
    assert response.status_code == 400 and "evidence_file" in response.json()
    assert not TargetReport.objects.exists()
