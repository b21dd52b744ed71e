from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from reports.models import Target
from resolutions.models import Membership
from targets.services import target_create, target_report
from tasks.models import Notification
from tests.factories import TargetFactory, UnitFactory, UserFactory
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(unit):
    return TargetFactory(unit=unit, plan=350)


def report(user, target, **fields):
    values = {"actual": Decimal(448), "on": date(2025, 9, 15)}
    return target_report(user=user, target=target, **(values | fields))


def test_a_report_is_kept_with_who_when_and_evidence(today, staff, target):
    report(staff, target, evidence="Báo cáo số 12-BC/ĐU", note="Đợt 2")
    kept = target.reports.get()
    assert (kept.reported_by, kept.on, kept.actual, kept.evidence, kept.note) == (
        staff,
        date(2025, 9, 15),
        448,
        "Báo cáo số 12-BC/ĐU",
        "Đợt 2",
    )


def test_each_report_is_kept_and_the_target_shows_the_latest(today, staff, target):
    report(staff, target, actual=Decimal(100), on=date(2025, 6, 30))
    report(staff, target, actual=Decimal(448))
    target.refresh_from_db()
    assert (target.reports.count(), target.actual, target.reported_on) == (
        2,
        448,
        date(2025, 9, 15),
    )


def test_parts_are_stored_with_the_report(today, staff, target):
    report(staff, target, actual=Decimal(1154), done=Decimal(1154), in_progress=Decimal(381))
    target.refresh_from_db()
    assert (target.done, target.in_progress, target.not_done) == (1154, 381, 0)


def test_staff_of_a_unit_above_may_report(today, target):
    province = UnitFactory(code="DN")
    target.unit.parent = province
    target.unit.save()
    target.refresh_from_db()
    clerk = UserFactory(role=Membership.Role.STAFF, role__unit=province)
    assert report(clerk, target).actual == 448


def test_staff_of_another_unit_may_not_report(today, target, other_unit):
    clerk = UserFactory(role=Membership.Role.STAFF, role__unit=other_unit)
    with pytest.raises(PermissionDenied):
        report(clerk, target)


def test_leaders_read_but_do_not_report(today, leader, target):
    with pytest.raises(PermissionDenied):
        report(leader, target)


def test_an_outlook_set_by_the_unit_needs_a_reason(today, staff, target):
    with pytest.raises(ValidationError) as error:
        report(staff, target, outlook=Target.Outlook.GREEN)
    assert "outlook_reason" in error.value.message_dict


def test_an_outlook_set_by_the_unit_is_kept_with_its_reason(today, staff, target):
    report(staff, target, actual=Decimal(10), outlook="green", outlook_reason="Đợt cao điểm quý IV")
    target.refresh_from_db()
    assert (target.outlook, target.outlook_reason) == ("green", "Đợt cao điểm quý IV")


def test_without_an_outlook_the_pace_suggests_one(today, staff, target):
    report(staff, target, actual=Decimal(50))
    target.refresh_from_db()
    assert (target.outlook, target.outlook_reason) == ("red", "")


def test_a_report_in_the_future_is_refused(today, staff, target):
    with pytest.raises(ValidationError):
        report(staff, target, on=date(2025, 10, 1))


def test_a_negative_value_is_refused(today, staff, target):
    with pytest.raises(ValidationError):
        report(staff, target, actual=Decimal(-1))


def test_a_roll_up_is_reported_through_its_units(today, coordinator, target):
    TargetFactory(parent=target)
    with pytest.raises(ValidationError):
        report(coordinator, target)


def test_a_target_turning_red_tells_the_coordinators(today, staff, coordinator, target):
    report(staff, target, actual=Decimal(10), outlook="red", outlook_reason="Thiếu kinh phí")
    told = Notification.objects.get()
    assert (told.recipient, told.kind, told.url) == (
        coordinator,
        "target_at_risk",
        f"/targets/{target.pk}/",
    )


def test_a_target_staying_red_tells_nobody_again(today, staff, coordinator, target):
    report(staff, target, actual=Decimal(10), outlook="red", outlook_reason="Thiếu kinh phí")
    report(staff, target, actual=Decimal(11), outlook="red", outlook_reason="Vẫn thiếu")
    assert Notification.objects.count() == 1


@pytest.mark.parametrize("times", [1, 3])
def test_a_report_runs_a_fixed_number_of_queries(
    today, staff, target, times, django_assert_max_num_queries
):
    for _ in range(times):
        with django_assert_max_num_queries(8):
            report(staff, target)


def create(user, unit, **fields):
    values = {"name": "Kết nạp đảng viên", "measure": "đảng viên", "plan": Decimal(350)}
    values |= {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}
    return target_create(user=user, unit=unit, **(values | fields))


def test_coordinators_enter_targets(today, coordinator, unit):
    created = create(coordinator, unit)
    assert (created.unit, created.plan, created.outlook) == (unit, 350, "grey")


@pytest.mark.parametrize("role", ["staff", "leader"])
def test_only_coordinators_enter_targets(today, unit, role):
    with pytest.raises(PermissionDenied):
        create(UserFactory(role=role, role__unit=unit), unit)


def test_a_period_ending_before_it_starts_is_refused(today, coordinator, unit):
    with pytest.raises(ValidationError):
        create(coordinator, unit, period_start=date(2025, 12, 31), period_end=date(2025, 1, 1))


def test_a_plan_of_zero_is_refused(today, coordinator, unit):
    with pytest.raises(ValidationError):
        create(coordinator, unit, plan=Decimal(0))


def test_an_evidence_file_is_kept_with_the_report(today, staff, target):
    upload = SimpleUploadedFile("bien-ban.pdf", pdf_bytes())
    kept = report(staff, target, evidence_file=upload)
    assert (kept.evidence_name, kept.evidence_content_type, kept.evidence_size) == (
        "bien-ban.pdf",
        "application/pdf",
        len(pdf_bytes()),
    )
    with kept.evidence_file.open("rb") as stored:
        assert stored.read() == pdf_bytes()


def test_an_evidence_file_that_is_not_what_its_name_says_is_refused(today, staff, target):
    fake = SimpleUploadedFile("bien-ban.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError) as refused:
        report(staff, target, evidence_file=fake)
    assert "evidence_file" in refused.value.message_dict
    assert not target.reports.exists()


def test_an_evidence_file_of_a_type_not_accepted_is_refused(today, staff, target):
    with pytest.raises(ValidationError) as refused:
        report(staff, target, evidence_file=SimpleUploadedFile("run.exe", b"MZ\x90\x00"))
    assert "evidence_file" in refused.value.message_dict


def test_an_evidence_file_too_large_is_refused(today, staff, target, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    with pytest.raises(ValidationError):
        report(staff, target, evidence_file=SimpleUploadedFile("a.pdf", pdf_bytes(at_least=200)))
