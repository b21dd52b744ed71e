"""issue 17: the counting queries' SQL is compiled once per shape, and a shape is every
thing the SQL depends on: the user's scope and the filters, the grouping, the days, today."""

import time_machine

from reports import compiled
from reports.counting import completion_history, lead_unit_ranking, task_counts_by
from resolutions.models import Membership
from resolutions.permissions import tasks_visible_to
from tests.conftest import TODAY
from tests.factories import TaskFactory, UserFactory


def test_each_scope_counts_its_own_tasks(today, unit, other_unit):
    TaskFactory.create_batch(2, lead_unit=unit)
    TaskFactory(lead_unit=other_unit)
    here = UserFactory(role=Membership.Role.STAFF, role__unit=unit)
    there = UserFactory(role=Membership.Role.STAFF, role__unit=other_unit)
    for _ in range(2):  # the second time from the compiled SQL
        mine = task_counts_by(tasks_visible_to(here), key="lead_unit", as_of=TODAY)
        theirs = task_counts_by(tasks_visible_to(there), key="lead_unit", as_of=TODAY)
        assert {pk: counts.total for pk, counts in mine.items()} == {unit.pk: 2}
        assert {pk: counts.total for pk, counts in theirs.items()} == {other_unit.pk: 1}
        assert lead_unit_ranking(tasks_visible_to(here), as_of=TODAY).counts.total == 2
        assert lead_unit_ranking(tasks_visible_to(there), as_of=TODAY).counts.total == 1


def test_a_query_asked_again_is_not_compiled_again(today, leader):
    TaskFactory.create_batch(3)
    tasks = tasks_visible_to(leader)
    task_counts_by(tasks, key="document", as_of=TODAY)
    kept = dict(compiled._compiled)
    task_counts_by(tasks_visible_to(leader), key="document", as_of=TODAY)
    assert dict(compiled._compiled) == kept
    task_counts_by(tasks, key="lead_unit", as_of=TODAY)
    completion_history(tasks, key="document", days=[TODAY])
    assert len(compiled._compiled) == len(kept) + 2


def test_the_next_day_compiles_anew(today, leader):
    """Today decides how a deadline is judged (stored, or rebuilt from the extensions)."""
    TaskFactory()
    task_counts_by(tasks_visible_to(leader), key="document", as_of=TODAY)
    kept = len(compiled._compiled)
    with time_machine.travel("2025-10-01 10:00 +07:00", tick=False):
        task_counts_by(tasks_visible_to(leader), key="document", as_of=TODAY)
    assert len(compiled._compiled) == kept + 1


def test_no_visible_task_is_no_row(db, today):
    outsider = UserFactory()  # no role: sees no task
    TaskFactory()
    assert task_counts_by(tasks_visible_to(outsider), key="document", as_of=TODAY) == {}
    assert lead_unit_ranking(tasks_visible_to(outsider), as_of=TODAY).units == []
