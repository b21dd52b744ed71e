"""Services behind the daily pages: assign many, edit, evidence, confirm or send back."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from resolutions.models import Membership, Unit
from tasks.models import Evidence, Extension, Task, TaskChange
from tasks.services import (
    evidence_add,
    extension_approve,
    extension_reject,
    extension_request,
    task_assign_many,
    task_confirm_completion,
    task_report_progress,
    task_send_back,
    task_update,
)
from tests.factories import DocumentFactory, UnitFactory, UserFactory
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()


def pdf(name: str = "bao-cao.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def communes(n: int) -> list[Unit]:
    city = UnitFactory(code="DN", kind=Unit.Kind.PROVINCE)
    return [UnitFactory(parent=city, kind=Unit.Kind.COMMUNE) for _ in range(n)]


def test_assign_many_creates_one_task_per_unit(today, coordinator):
    units = communes(3)
    tasks = task_assign_many(
        user=coordinator,
        document=DocumentFactory(),
        title="Rà soát thủ tục hành chính",
        lead_units=units,
        assigned_on=date(2025, 2, 1),
        deadline=date(2025, 12, 31),
    )
    assert sorted(t.lead_unit_id for t in tasks) == sorted(u.pk for u in units)
    assert TaskChange.objects.filter(field="created").count() == 3


def test_assign_many_is_all_or_nothing(today, coordinator):
    with pytest.raises(ValidationError):
        task_assign_many(
            user=coordinator,
            document=DocumentFactory(),
            title="x" * 501,  # too long: the first task fails validation
            lead_units=communes(3),
            assigned_on=date(2025, 2, 1),
        )
    assert not Task.objects.exists()


def test_assign_many_needs_a_unit(today, coordinator):
    with pytest.raises(ValidationError) as error:
        task_assign_many(
            user=coordinator,
            document=DocumentFactory(),
            title="x",
            lead_units=[],
            assigned_on=date(2025, 2, 1),
        )
    assert "lead_units" in error.value.message_dict


def test_staff_cannot_assign_many(today, staff, unit):
    with pytest.raises(PermissionDenied):
        task_assign_many(
            user=staff,
            document=DocumentFactory(),
            title="x",
            lead_units=[unit],
            assigned_on=date(2025, 2, 1),
        )


def test_update_records_each_changed_field(task, coordinator):
    task_update(
        user=coordinator, task=task, title="Xây dựng CSDL dân cư", deadline=date(2026, 3, 1)
    )
    fields = set(task.changes.values_list("field", flat=True))
    assert fields == {"created", "title", "deadline"}


def test_update_moves_the_original_deadline_before_any_extension(task, coordinator):
    task = task_update(user=coordinator, task=task, title=task.title, deadline=date(2026, 3, 1))
    assert task.original_deadline == task.deadline == date(2026, 3, 1)


def test_update_cannot_move_an_extended_deadline(task, coordinator, staff):
    extension = extension_request(
        user=staff, task=task, requested_deadline=date(2026, 2, 1), reason="Chờ kinh phí"
    )
    extension_approve(user=coordinator, extension=extension)
    with pytest.raises(ValidationError) as error:
        task_update(user=coordinator, task=task, title=task.title, deadline=date(2026, 6, 1))
    assert "deadline" in error.value.message_dict


def test_update_refuses_a_stale_form(task, coordinator, staff):
    opened = task.version
    task_report_progress(user=staff, task=task, status="in_progress", percent=20)
    with pytest.raises(ValidationError) as error:
        task_update(
            user=coordinator,
            task=task,
            title="Đổi tên",
            deadline=task.deadline,
            expected_version=opened,
        )
    assert error.value.code == "stale"
    assert Task.objects.get(pk=task.pk).title == "Xây dựng CSDL"


def test_leader_cannot_update(task, leader):
    with pytest.raises(PermissionDenied):
        task_update(user=leader, task=task, title="x", deadline=task.deadline)


def test_report_with_evidence_keeps_the_file(task, staff):
    task_report_progress(user=staff, task=task, status="in_progress", percent=40, evidence=[pdf()])
    evidence = Evidence.objects.get()
    assert (evidence.original_name, evidence.size) == ("bao-cao.pdf", len(PDF))
    assert evidence.file.read() == PDF


def test_evidence_is_stored_under_the_private_root(task, staff, settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path
    evidence = evidence_add(user=staff, task=task, upload=pdf())
    assert evidence.file.path.startswith(str(tmp_path))


def test_evidence_is_stored_under_a_random_name(task, staff):
    evidence = evidence_add(user=staff, task=task, upload=pdf("../../etc/passwd.pdf"))
    assert "passwd" not in evidence.file.name
    assert ".." not in evidence.file.name


def test_evidence_of_a_forbidden_type_is_refused(task, staff):
    with pytest.raises(ValidationError) as error:
        evidence_add(user=staff, task=task, upload=pdf("script.exe", b"MZ\x90\x00"))
    assert error.value.code == "evidence_type"


def test_evidence_whose_content_lies_about_its_type_is_refused(task, staff):
    with pytest.raises(ValidationError) as error:
        evidence_add(user=staff, task=task, upload=pdf("fake.pdf", b"<html>hi</html>"))
    assert error.value.code == "evidence_content"


def test_evidence_over_the_size_limit_is_refused(task, staff, settings):
    settings.EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ValidationError) as error:
        evidence_add(user=staff, task=task, upload=pdf())
    assert error.value.code == "evidence_size"


def test_report_with_bad_evidence_changes_nothing(task, staff):
    with pytest.raises(ValidationError):
        task_report_progress(
            user=staff,
            task=task,
            status="in_progress",
            percent=40,
            evidence=[pdf("x.exe", b"MZ")],
        )
    assert Task.objects.get(pk=task.pk).percent == 0
    assert not Evidence.objects.exists()


def test_staff_of_another_unit_cannot_add_evidence(task, other_unit):
    stranger = UserFactory(role=Membership.Role.STAFF, role__unit=other_unit)
    with pytest.raises(PermissionDenied):
        evidence_add(user=stranger, task=task, upload=pdf())


@pytest.fixture
def completed(task, staff):
    return task_report_progress(user=staff, task=task, status="completed", percent=100)


def test_confirm_marks_the_completion(completed, coordinator):
    task = task_confirm_completion(user=coordinator, task=completed)
    assert task.completion_confirmed_at is not None
    assert task.changes.filter(field="completion_confirmed").exists()


def test_only_a_completed_task_can_be_confirmed(task, coordinator):
    with pytest.raises(ValidationError):
        task_confirm_completion(user=coordinator, task=task)


def test_staff_cannot_confirm_their_own_completion(completed, staff):
    with pytest.raises(PermissionDenied):
        task_confirm_completion(user=staff, task=completed)


def test_send_back_reopens_the_task_with_the_reason(completed, coordinator):
    task = task_send_back(user=coordinator, task=completed, note="Thiếu báo cáo kết quả")
    assert (task.status, task.completed_on) == (Task.Status.IN_PROGRESS, None)
    assert task.changes.filter(field="status", note="Thiếu báo cáo kết quả").exists()


def test_send_back_needs_a_reason(completed, coordinator):
    with pytest.raises(ValidationError) as error:
        task_send_back(user=coordinator, task=completed, note=" ")
    assert "note" in error.value.message_dict


def test_rejected_extension_keeps_the_deadline(task, staff, coordinator):
    extension = extension_request(
        user=staff, task=task, requested_deadline=date(2026, 2, 1), reason="Chờ kinh phí"
    )
    extension_reject(user=coordinator, extension=extension, note="Không đủ căn cứ")
    assert Extension.objects.get().status == Extension.Status.REJECTED
    assert Task.objects.get(pk=task.pk).deadline == date(2025, 12, 31)
