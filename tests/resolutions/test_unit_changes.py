"""No second door: moving or merging a unit (by the service or the admin) rewrites the
paths of its whole subtree and is recorded; a merge moves the open tasks with history;
the admin edits a task's history-carrying fields only through the services."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from resolutions.models import Membership, Unit, UnitEvent
from resolutions.unit_changes import unit_merge, unit_move
from tasks.models import Task, TaskChange
from tasks.selectors import tasks_visible_to
from tests.factories import TaskFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(db):
    """city / department / office / team, and another city."""
    city = UnitFactory(code="DN", kind=Unit.Kind.PROVINCE)
    department = UnitFactory(code="SKHCN", parent=city)
    office = UnitFactory(code="PCDS", parent=department)
    team = UnitFactory(code="T1", parent=office)
    other = UnitFactory(code="HN", kind=Unit.Kind.PROVINCE)
    return city, department, office, team, other


def paths(*units) -> list[str]:
    return [Unit.objects.get(pk=unit.pk).path for unit in units]


def test_moving_a_unit_rewrites_every_sub_unit_path(coordinator, tree):
    city, department, office, team, other = tree
    unit_move(user=coordinator, unit=department, parent=other)
    assert paths(department, office, team) == ["HN/SKHCN/", "HN/SKHCN/PCDS/", "HN/SKHCN/PCDS/T1/"]
    assert paths(city) == ["DN/"]


def test_a_move_is_recorded(coordinator, tree):
    _, department, _, _, other = tree
    unit_move(user=coordinator, unit=department, parent=other, note="Sáp nhập tỉnh")
    event = UnitEvent.objects.get()
    assert (event.kind, event.before, event.after, event.by) == (
        "moved",
        "DN/SKHCN/",
        "HN/SKHCN/",
        coordinator,
    )


def test_staff_of_a_moved_unit_still_see_the_tasks_of_its_sub_units(coordinator, tree):
    _, department, _, team, other = tree
    staff = UserFactory(role=Membership.Role.STAFF, role__unit=department)
    task = TaskFactory(lead_unit=team)
    unit_move(user=coordinator, unit=department, parent=other)
    staff = type(staff).objects.get(pk=staff.pk)  # as the next request reads the user
    assert list(tasks_visible_to(staff)) == [task]


def test_a_unit_cannot_move_under_its_own_sub_unit(coordinator, tree):
    _, department, _, team, _ = tree
    with pytest.raises(ValidationError):
        unit_move(user=coordinator, unit=department, parent=team)
    assert paths(department) == ["DN/SKHCN/"]


def test_merging_moves_open_tasks_and_sub_units_to_the_successor(coordinator, tree, today):
    city, department, office, team, other = tree
    successor = UnitFactory(code="SKHDT", parent=city)
    open_task = TaskFactory(lead_unit=department, status=Task.Status.IN_PROGRESS)
    done = TaskFactory(
        lead_unit=department, status=Task.Status.COMPLETED, completed_on=date(2025, 5, 1)
    )
    unit_merge(user=coordinator, unit=department, into=successor)
    department.refresh_from_db()
    assert (department.is_active, department.successor) == (False, successor)
    assert paths(office, team) == ["DN/SKHDT/PCDS/", "DN/SKHDT/PCDS/T1/"]
    open_task.refresh_from_db()
    done.refresh_from_db()
    assert (open_task.lead_unit, open_task.version) == (successor, 2)
    assert done.lead_unit == department
    change = TaskChange.objects.get(task=open_task)
    assert (change.field, change.before, change.after) == ("lead_unit", "SKHCN", "SKHDT")


def test_the_admin_moves_a_unit_through_the_service(client, admin_user, tree):
    _, department, office, team, other = tree
    client.force_login(admin_user)
    url = reverse("admin:resolutions_unit_change", args=[department.pk])
    data = {"name": department.name, "short_name": "", "kind": department.kind}
    response = client.post(url, {**data, "parent": other.pk, "successor": "", "is_active": "on"})
    assert response.status_code == 302
    assert paths(department, office, team) == ["HN/SKHCN/", "HN/SKHCN/PCDS/", "HN/SKHCN/PCDS/T1/"]
    assert UnitEvent.objects.filter(unit=department, kind="moved").exists()


def test_the_admin_shows_a_tasks_status_and_dates_read_only(client, admin_user, today):
    task = TaskFactory(status=Task.Status.IN_PROGRESS, percent=40)
    client.force_login(admin_user)
    url = reverse("admin:tasks_task_change", args=[task.pk])
    html = client.get(url).content.decode()
    assert 'name="status"' not in html and 'name="percent"' not in html
    assert 'name="deadline"' not in html and 'name="lead_unit"' not in html


def test_an_admin_edit_goes_through_the_service_with_history(client, admin_user, today):
    task = TaskFactory(status=Task.Status.IN_PROGRESS, percent=40)
    client.force_login(admin_user)
    url = reverse("admin:tasks_task_change", args=[task.pk])
    data = {
        "title": "Tiêu đề mới",
        "description": "",
        "changes-TOTAL_FORMS": "0",
        "changes-INITIAL_FORMS": "0",
        "changes-MIN_NUM_FORMS": "0",
        "changes-MAX_NUM_FORMS": "1000",
        # a forged status is ignored: the field is read-only
        "status": "cancelled",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.status, task.version) == ("Tiêu đề mới", "in_progress", 2)
    assert TaskChange.objects.filter(task=task, field="title", after="Tiêu đề mới").exists()
