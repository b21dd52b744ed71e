"""Issue 16: an assignment to many units kept as one batch, undone as one cancellation, and
several completions confirmed at once."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from reports.counting import task_counts
from resolutions.models import Unit
from tasks.batches import batch_assign, batch_undo, completions_confirm_many
from tasks.models import Task, TaskChange
from tasks.services import task_report_progress
from tests.factories import DocumentFactory, UnitFactory


def assign(user, count: int):
    city = UnitFactory(kind=Unit.Kind.PROVINCE)
    communes = [UnitFactory(parent=city, kind=Unit.Kind.COMMUNE) for _ in range(count)]
    return batch_assign(
        user=user,
        document=DocumentFactory(),
        title="Rà soát thủ tục hành chính",
        lead_units=communes,
        assigned_on=date(2025, 9, 1),
        deadline=date(2025, 12, 31),
    )


def test_a_batch_holds_exactly_the_tasks_it_created(today, coordinator):
    Task.objects.create(  # another task, not of the batch
        document=DocumentFactory(),
        title="Khác",
        lead_unit=UnitFactory(),
        assigned_on=date(2025, 9, 1),
    )
    batch = assign(coordinator, 3)
    assert batch.tasks.count() == 3
    assert set(batch.tasks.values_list("title", flat=True)) == {"Rà soát thủ tục hành chính"}


def test_undo_stops_every_task_from_its_assigned_day_so_none_counts(today, coordinator):
    batch = assign(coordinator, 3)
    assert batch_undo(user=coordinator, batch=batch, reason="Giao nhầm đơn vị") == 3
    tasks = Task.objects.filter(assignment_batches=batch)
    assert set(tasks.values_list("status", "cancelled_on")) == {
        (Task.Status.CANCELLED, date(2025, 9, 1))
    }
    assert task_counts(tasks, as_of=today).total == 0
    notes = TaskChange.objects.filter(task__in=tasks, field=TaskChange.Field.STATUS)
    assert set(notes.values_list("note", "after")) == {("Giao nhầm đơn vị", "cancelled")}
    batch.refresh_from_db()
    assert batch.undone_at is not None
    assert batch.undo_reason == "Giao nhầm đơn vị"


def test_undo_needs_a_reason(today, coordinator):
    batch = assign(coordinator, 2)
    with pytest.raises(ValidationError):
        batch_undo(user=coordinator, batch=batch, reason="  ")
    assert not Task.objects.filter(status=Task.Status.CANCELLED).exists()


def test_undo_is_refused_once_a_task_was_reported_on(today, coordinator):
    batch = assign(coordinator, 2)
    task = batch.tasks.first()
    task_report_progress(user=coordinator, task=task, status="in_progress", percent=10)
    with pytest.raises(ValidationError):
        batch_undo(user=coordinator, batch=batch, reason="Giao nhầm")
    assert not Task.objects.filter(status=Task.Status.CANCELLED).exists()


def test_undo_is_refused_twice_and_after_a_day(coordinator):
    with time_machine.travel("2025-09-30 10:00 +07:00", tick=False):
        batch = assign(coordinator, 2)
        other = assign(coordinator, 2)
        batch_undo(user=coordinator, batch=batch, reason="Giao nhầm")
        with pytest.raises(PermissionDenied, match="đã được hoàn tác"):
            batch_undo(user=coordinator, batch=batch, reason="Giao nhầm")
    with (
        time_machine.travel("2025-10-01 10:01 +07:00", tick=False),
        pytest.raises(PermissionDenied, match="24 giờ"),
    ):
        batch_undo(user=coordinator, batch=other, reason="Giao nhầm")


def test_staff_and_leaders_may_not_undo(today, coordinator, staff, leader):
    batch = assign(coordinator, 2)
    for user in (staff, leader):
        with pytest.raises(PermissionDenied):
            batch_undo(user=user, batch=batch, reason="Giao nhầm")


@pytest.mark.parametrize("count", [1, 40])
def test_undo_takes_the_same_queries_for_one_task_or_many(
    today, coordinator, count, django_assert_num_queries
):
    batch = assign(coordinator, count)
    with django_assert_num_queries(9):
        batch_undo(user=coordinator, batch=batch, reason="Giao nhầm")


def test_several_completions_are_confirmed_at_once(today, coordinator):
    batch = assign(coordinator, 3)
    for task in batch.tasks.all():
        task_report_progress(user=coordinator, task=task, status="completed", percent=100)
    confirmed = completions_confirm_many(user=coordinator, tasks=batch.tasks.all())
    assert confirmed == 3
    assert not batch.tasks.filter(completion_confirmed_at__isnull=True).exists()


def test_the_review_queue_confirms_the_ticked_completions(client, today, coordinator):
    batch = assign(coordinator, 3)
    tasks = list(batch.tasks.order_by("id"))
    for task in tasks:
        task_report_progress(user=coordinator, task=task, status="completed", percent=100)
    client.force_login(coordinator)
    ticked = {"task": [tasks[0].pk, tasks[2].pk]}
    response = client.post(reverse("tasks:confirm_completions"), ticked, follow=True)
    assert "Đã xác nhận hoàn thành 2 nhiệm vụ." in response.content.decode()
    unconfirmed = Task.objects.filter(completion_confirmed_at__isnull=True)
    assert list(unconfirmed.filter(pk__in=[t.pk for t in tasks])) == [tasks[1]]


def test_confirming_a_many_unit_assignment_lands_on_exactly_its_tasks(client, today, coordinator):
    city = UnitFactory(kind=Unit.Kind.PROVINCE)
    for _ in range(3):
        UnitFactory(parent=city, kind=Unit.Kind.WARD)
    UnitFactory(parent=city, kind=Unit.Kind.DEPARTMENT)
    client.force_login(coordinator)
    data = {
        "document": DocumentFactory().pk,
        "title": "Số hóa hồ sơ",
        "all_communes_of": city.pk,
        "assigned_on": "01/09/2025",
        "deadline": "31/12/2025",
        "confirm": "1",
    }
    response = client.post(reverse("tasks:new"), data, follow=True)
    html = response.content.decode()
    assert "Đã giao 3 nhiệm vụ “Số hóa hồ sơ”." in html
    assert response.context["page"].paginator.count == 3
    assert set(Task.objects.values_list("deadline", flat=True)) == {date(2025, 12, 31)}
    assert 'data-testid="batch-undo"' in html


def test_the_undo_page_says_how_many_were_stopped(client, today, coordinator):
    batch = assign(coordinator, 2)
    client.force_login(coordinator)
    url = reverse("tasks:batch_undo", args=[batch.pk])
    response = client.post(url, {"reason": "Giao nhầm"}, follow=True)
    assert "Đã hoàn tác: dừng thực hiện 2 nhiệm vụ." in response.content.decode()
    assert response.context["page"].paginator.count == 2
    assert set(Task.objects.values_list("cancelled_on", flat=True)) == {date(2025, 9, 1)}
