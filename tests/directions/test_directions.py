import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from directions.services import direction_give, directions_for_task
from tasks.models import Notification
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(unit):
    return TaskFactory(lead_unit=unit)


def test_a_leaders_direction_on_a_task_tells_the_lead_unit(today, leader, staff, task):
    direction_give(user=leader, task=task, text="Khẩn trương hoàn thành trong tháng 10")
    told = Notification.objects.get()
    assert (told.recipient, told.kind, told.task_id, told.body) == (
        staff,
        "direction_given",
        task.pk,
        "Khẩn trương hoàn thành trong tháng 10",
    )


def test_a_direction_on_a_document_tells_the_lead_units_of_its_open_tasks(
    today, leader, staff, task
):
    direction_give(user=leader, document=task.document, text="Tập trung nguồn lực")
    assert Notification.objects.get().recipient == staff


def test_the_task_shows_its_own_and_its_documents_directions(today, leader, task):
    own = direction_give(user=leader, task=task, text="Riêng nhiệm vụ")
    shared = direction_give(user=leader, document=task.document, text="Cả văn bản")
    other = TaskFactory()
    direction_give(user=leader, task=other, text="Khác")
    assert set(directions_for_task(task)) == {own, shared}


def test_staff_do_not_write_directions(today, staff, task):
    with pytest.raises(PermissionDenied):
        direction_give(user=staff, task=task, text="x")


def test_an_empty_direction_is_refused(today, leader, task):
    with pytest.raises(ValidationError):
        direction_give(user=leader, task=task, text="  ")


def test_the_task_page_loads_the_directions_in_its_timeline(client, today, leader, staff, task):
    direction_give(user=leader, task=task, text="Báo cáo trước 15/10")
    client.force_login(staff)
    assert (
        f'hx-get="/directions/tasks/{task.pk}/"'
        in client.get(f"/tasks/{task.pk}/").content.decode()
    )
    section = client.get(f"/directions/tasks/{task.pk}/").content.decode()
    assert "Báo cáo trước 15/10" in section and "direction-form" not in section


def test_a_leader_writes_a_direction_from_the_task_page(client, today, leader, task):
    client.force_login(leader)
    section = client.post(
        f"/directions/tasks/{task.pk}/give/", {"text": "Đôn đốc"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Đôn đốc" in section and task.directions.count() == 1


def test_staff_of_another_unit_cannot_load_the_directions(client, today, staff, other_unit):
    client.force_login(staff)
    assert (
        client.get(f"/directions/tasks/{TaskFactory(lead_unit=other_unit).pk}/").status_code == 404
    )


def test_a_direction_on_a_task_is_in_the_tasks_history(client, today, leader, staff, task):
    direction_give(user=leader, task=task, text="Hoàn thành trước 30/10")
    change = task.changes.get(field="direction")
    assert (change.changed_by, change.note, change.effective_on) == (
        leader,
        "Hoàn thành trước 30/10",
        today,
    )
    client.force_login(staff)
    page = client.get(f"/tasks/{task.pk}/").content.decode()
    history = page[page.index('data-testid="history"') :]
    assert 'data-field="direction"' in history and "Hoàn thành trước 30/10" in history
