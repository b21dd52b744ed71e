"""One definition per state: the task list's filters, the overdue sweep, the reminders and
the row badges take "overdue" and "open" from reports.counting, so they always agree with
the figures."""

from datetime import date

import pytest

from reports.counting import tasks_in_state
from tasks.models import Task
from tasks.notifications import overdue_sweep
from tasks.selectors import Due, task_list
from tasks.templatetags.task_tags import deadline_note
from tests.conftest import TODAY
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db
Status = Task.Status


@pytest.fixture
def mixed(today, unit):
    """Tasks in every state, some overdue for one reason or another."""
    late = {"deadline": date(2025, 9, 1), "lead_unit": unit}
    return [
        TaskFactory(**late, status=Status.IN_PROGRESS),
        TaskFactory(**late, status=Status.NOT_STARTED),
        TaskFactory(**late, status=Status.COMPLETED, completed_on=date(2025, 8, 1)),
        TaskFactory(**late, status=Status.CANCELLED, cancelled_on=date(2025, 9, 15)),
        TaskFactory(deadline=date(2025, 10, 3), lead_unit=unit),
        TaskFactory(deadline=None, lead_unit=unit),
    ]


def overdue_ids() -> set[int]:
    return set(
        tasks_in_state(Task.objects.all(), state="overdue", as_of=TODAY).values_list(
            "pk", flat=True
        )
    )


def test_the_overdue_filter_of_the_task_list_is_the_overdue_figure(mixed, coordinator):
    listed = task_list(user=coordinator, as_of=TODAY, due=Due.OVERDUE)
    assert set(listed.values_list("pk", flat=True)) == overdue_ids() == {mixed[0].pk, mixed[1].pk}


def test_the_sweep_flags_exactly_the_overdue_figure(mixed):
    overdue_sweep(today=TODAY)
    flagged = set(Task.objects.filter(overdue_since=TODAY).values_list("pk", flat=True))
    assert flagged == overdue_ids()


def test_the_due_soon_filter_holds_only_open_tasks(mixed, coordinator):
    listed = task_list(user=coordinator, as_of=TODAY, due=Due.WEEK)
    assert list(listed) == [mixed[4]]


def test_a_row_badge_says_overdue_exactly_for_the_overdue_figure(mixed, coordinator):
    rows = task_list(user=coordinator, as_of=TODAY)
    badged = {task.pk for task in rows if 'data-due="overdue"' in deadline_note(task, TODAY)}
    assert badged == overdue_ids()
