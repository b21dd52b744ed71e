"""Lists that read only what they show (issue 20): filters by state from the counting
module, several statuses, due within N days, a cursor walk for clients that sync, the
per-row figures of a page, and fixed query counts with one and many rows."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from reports.counting import task_counts
from tasks.models import Extension, Task, TaskChange
from tasks.services import task_report_progress
from tests.conftest import TODAY
from tests.factories import (
    BlockerFactory,
    DocumentFactory,
    ExtensionFactory,
    TaskFactory,
    UnitFactory,
)
from tests.reports.test_counting import BASE, _in_force, create_tasks, task_specs
from tracker.admin_paging import LargeTablePaginator

pytestmark = pytest.mark.django_db
URL = "/api/v1/tasks/"


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0]}")
    return client


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


# state=overdue is the figure's set ----------------------------------------------------------


def _overdue_by_the_rules(specs, tasks, as_of: int) -> set[int]:
    """A plain-Python reading of DOMAIN.md: counted that day, not completed, past the
    deadline in force that day (extensions count from their approval)."""
    overdue = set()
    for spec, task in zip(specs, tasks, strict=True):
        assigned, deadline, status, completed, _, extensions, cancelled = spec
        if (cancelled is not None and cancelled <= as_of) or assigned > as_of:
            continue
        if status == "completed" and completed <= as_of:
            continue
        in_force = _in_force(deadline, extensions, as_of)
        if in_force is not None and in_force < as_of:
            overdue.add(task.pk)
    return overdue


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    specs=st.lists(task_specs(), max_size=12),
    # today (2025-09-30, day 272) or a past day
    as_of=st.one_of(st.just((TODAY - BASE).days), st.integers(min_value=0, max_value=271)),
)
def test_state_overdue_lists_exactly_the_tasks_counted_overdue(today, leader, specs, as_of):
    client = api_for(leader)
    day = BASE + timedelta(as_of)
    with transaction.atomic():
        tasks = create_tasks(specs)
        response = client.get(URL, {"state": "overdue", "as_of": day.isoformat(), "page_size": 50})
        counted = task_counts(Task.objects.all(), as_of=day).overdue
        transaction.set_rollback(True)
    listed = ids(response)
    assert set(listed) == _overdue_by_the_rules(specs, tasks, as_of)
    assert len(listed) == response.json()["count"] == counted


def test_the_web_list_of_overdue_tasks_is_the_overdue_figure(client, staff, unit, today):
    late = TaskFactory(lead_unit=unit, deadline=date(2025, 9, 1), status="in_progress")
    extended = TaskFactory(lead_unit=unit, original_deadline=date(2025, 9, 1))
    TaskFactory(lead_unit=unit, deadline=date(2025, 9, 1), status="completed", completed_on=TODAY)
    client.force_login(staff)
    page = client.get(reverse("tasks:list"), {"state": "overdue"}).content.decode()
    assert f'data-task="{late.pk}"' in page
    assert f'data-task="{extended.pk}"' not in page  # its deadline in force is 31/12/2025
    assert task_counts(Task.objects.all(), as_of=TODAY).overdue == 1


def test_completed_late_lists_tasks_completed_after_the_deadline_in_force(api_as_leader):
    late = TaskFactory(deadline=date(2025, 8, 1), status="completed", completed_on=date(2025, 9, 1))
    TaskFactory(deadline=date(2025, 9, 5), status="completed", completed_on=date(2025, 9, 1))
    assert ids(api_as_leader.get(URL, {"state": "completed_late"})) == [late.pk]


def test_an_unknown_state_is_400(api_as_leader):
    assert api_as_leader.get(URL, {"state": "late"}).status_code == 400


# status with several values, due within N days --------------------------------------------


@pytest.fixture
def api_as_leader(today, leader):
    return api_for(leader)


@pytest.fixture
def statuses(today):
    return {status: TaskFactory(status=status, completed_on=TODAY) for status in Task.Status.values}


@pytest.mark.parametrize(
    "query",
    [
        {"status": "in_progress,not_started"},
        {"status": ["in_progress", "not_started"]},
    ],
)
def test_status_takes_several_values(api_as_leader, statuses, query):
    listed = ids(api_as_leader.get(URL, query))
    assert set(listed) == {statuses["in_progress"].pk, statuses["not_started"].pk}


@pytest.mark.parametrize(
    "query",
    [
        {"status": "in_progress,not_started"},
        {"status": ["in_progress", "not_started"]},
    ],
)
def test_the_web_list_takes_several_statuses_and_ticks_them(client, leader, statuses, query):
    client.force_login(leader)
    response = client.get(reverse("tasks:list"), query)
    listed = {task.pk for task in response.context["page"].object_list}
    assert listed == {statuses["in_progress"].pk, statuses["not_started"].pk}
    page = response.content.decode()
    assert page.count('<span class="chosen">') == 2
    assert 'value="in_progress" class="form-check-input" id="id_status_1" checked' in page


def test_an_unknown_status_is_400(api_as_leader, statuses):
    assert api_as_leader.get(URL, {"status": "in_progress,late"}).status_code == 400


def test_due_within_lists_open_tasks_due_in_the_next_days(api_as_leader):
    due_today = TaskFactory(deadline=TODAY)
    in_a_week = TaskFactory(deadline=TODAY + timedelta(days=7))
    TaskFactory(deadline=TODAY + timedelta(days=8))
    TaskFactory(deadline=TODAY - timedelta(days=1))  # overdue, not "due within"
    TaskFactory(deadline=TODAY, status="completed", completed_on=TODAY)
    TaskFactory(deadline=None)
    listed = ids(api_as_leader.get(URL, {"due_within": 7}))
    assert listed == [due_today.pk, in_a_week.pk]


def test_due_within_judges_on_as_of(api_as_leader):
    task = TaskFactory(deadline=date(2025, 9, 10))
    assert ids(api_as_leader.get(URL, {"due_within": 10, "as_of": "2025-09-01"})) == [task.pk]
    assert ids(api_as_leader.get(URL, {"due_within": 10})) == []


# The cursor walk --------------------------------------------------------------------------


def walk(client, query: dict) -> list[int]:
    """Every id of a cursor walk, page after page."""
    seen: list[int] = []
    response = client.get(URL, {**query, "cursor": ""})
    while True:
        seen += ids(response)
        following = response.json()["next"]
        if following is None:
            return seen
        response = client.get(following)


def test_a_cursor_walk_meets_every_task_present_at_the_start_once_while_tasks_are_added(
    api_as_leader,
):
    document = DocumentFactory()
    deadlines = [date(2025, 10, 1) + timedelta(days=(i * 7) % 40) for i in range(23)]
    present = {TaskFactory(document=document, deadline=day).pk for day in deadlines}
    seen: list[int] = []
    added = 0
    response = api_as_leader.get(URL, {"cursor": "", "page_size": 4})
    while True:
        seen += ids(response)
        # two new tasks between pages, due before and after every other one
        TaskFactory(document=document, deadline=date(2025, 10, 1) - timedelta(days=added))
        TaskFactory(document=document, deadline=date(2026, 1, 1) + timedelta(days=added))
        added += 2
        following = response.json()["next"]
        if following is None:
            break
        response = api_as_leader.get(following)
    assert len(seen) == len(set(seen))
    assert present <= set(seen)
    assert "count" not in response.json()


def test_a_cursor_walk_keeps_the_filters_and_what_the_user_may_see(today, staff, unit):
    own = [TaskFactory(lead_unit=unit, status="in_progress") for _ in range(5)]
    TaskFactory(status="in_progress")  # another unit's
    TaskFactory(lead_unit=unit, status="completed", completed_on=TODAY)
    query = {"status": "in_progress", "page_size": 2}
    assert walk(api_for(staff), query) == [task.pk for task in own]


def test_the_cursor_is_opaque_and_a_forged_one_is_400(api_as_leader):
    TaskFactory.create_batch(3)
    following = api_as_leader.get(URL, {"cursor": "", "page_size": 1}).json()["next"]
    cursor = following.split("cursor=")[1].split("&")[0]
    assert not cursor.isdigit()
    for forged in ["abc", "e30", "eyJhZnRlciI6ICJ4In0", "!!"]:
        assert api_as_leader.get(URL, {"cursor": forged}).status_code == 400


def test_updated_since_with_the_cursor_is_an_incremental_sync(today, leader, coordinator):
    tasks = TaskFactory.create_batch(4)
    with time_machine.travel("2025-10-01 09:00 +07:00", tick=False):
        task_report_progress(user=coordinator, task=tasks[2], status="in_progress", percent=10)
        changed = walk(api_for(leader), {"updated_since": "2025-10-01T08:00:00+07:00"})
    assert changed == [tasks[2].pk]


# Per-row figures, read for the page's rows ------------------------------------------------


def _reported_with_a_blocker(unit, coordinator) -> None:
    task = TaskFactory(lead_unit=unit)
    task_report_progress(user=coordinator, task=task, status="in_progress", percent=20)
    BlockerFactory(task=task, raised_on=date(2025, 9, 1))


def _shows_last_report_and_blockers(rows: str) -> bool:
    return (
        "30/09/2025" in rows.split('data-figure="last-report"')[1][:80]
        and "1 " in rows.split('data-figure="open-blockers">')[1][:10]
    )


def test_the_web_list_shows_each_rows_last_report_and_open_blockers(
    client, staff, coordinator, unit, today
):
    _reported_with_a_blocker(unit, coordinator)
    client.force_login(staff)
    assert _shows_last_report_and_blockers(client.get(reverse("tasks:list")).content.decode())


def test_a_units_dashboard_shows_each_rows_last_report_and_open_blockers(
    client, leader, coordinator, unit, today
):
    _reported_with_a_blocker(unit, coordinator)
    client.force_login(leader)
    page = client.get(reverse("reports:unit", args=[unit.pk])).content.decode()
    assert _shows_last_report_and_blockers(page.split('data-testid="tasks"')[1])


def test_a_drill_down_on_a_past_day_shows_the_blockers_open_that_day(client, leader, today):
    task = TaskFactory(deadline=date(2025, 6, 1))
    BlockerFactory(task=task, raised_on=date(2025, 5, 1), resolved_on=date(2025, 7, 1))
    client.force_login(leader)
    past = client.get(reverse("reports:tasks"), {"as_of": "2025-06-15", "state": "overdue"})
    now = client.get(reverse("reports:tasks"), {"state": "overdue"})
    assert 'data-figure="open-blockers"' in past.content.decode()
    assert 'data-figure="open-blockers"' not in now.content.decode()


# Fixed query counts, one and many rows ----------------------------------------------------


def _tasks_with_figures(rows: int, **fields) -> list[Task]:
    tasks = TaskFactory.create_batch(rows, **fields)
    for task in tasks:
        task.supporting_units.add(UnitFactory())
        BlockerFactory(task=task)
        TaskChange.objects.create(task=task, field="percent", after="10", effective_on=TODAY)
        ExtensionFactory(task=task)
    return tasks


@pytest.mark.parametrize("rows", [1, 25])
def test_the_api_cursor_walk_runs_a_fixed_number_of_queries(
    api_as_leader, rows, django_assert_num_queries
):
    _tasks_with_figures(rows, deadline=date(2025, 9, 1))
    # token and user, membership, page, supporting units, the page's row figures
    with django_assert_num_queries(5):
        assert len(ids(api_as_leader.get(URL, {"cursor": "", "state": "overdue"}))) == rows


@pytest.mark.parametrize("rows", [1, 25])
def test_the_api_list_by_state_runs_a_fixed_number_of_queries(
    api_as_leader, rows, django_assert_num_queries
):
    _tasks_with_figures(rows, deadline=date(2025, 9, 1))
    query = {"state": "overdue", "as_of": "2025-09-15", "status": "not_started,in_progress"}
    # token and user, membership, count, page, supporting units, the page's row figures
    with django_assert_num_queries(6):
        assert len(ids(api_as_leader.get(URL, query))) == rows


@pytest.mark.parametrize("rows", [1, 25])
def test_the_api_extension_list_runs_a_fixed_number_of_queries(
    api_as_leader, rows, django_assert_num_queries
):
    _tasks_with_figures(rows)
    # token and user, membership, count, page
    with django_assert_num_queries(4):
        assert len(ids(api_as_leader.get("/api/v1/extensions/"))) == rows


@pytest.mark.parametrize("rows", [1, 30])
def test_the_web_list_by_state_runs_a_fixed_number_of_queries(
    client, staff, unit, today, rows, django_assert_num_queries
):
    _tasks_with_figures(rows, lead_unit=unit, deadline=date(2025, 9, 1))
    client.force_login(staff)
    # session, user, membership, unit, count, page, the page's row figures, document choices
    with django_assert_num_queries(7):
        response = client.get(reverse("tasks:list"), {"state": "overdue"})
    assert response.content.decode().count("data-task=") == min(rows, 25)


@pytest.mark.parametrize("rows", [1, 30])
def test_the_drill_down_runs_a_fixed_number_of_queries(
    client, leader, today, rows, django_assert_num_queries
):
    _tasks_with_figures(rows, deadline=date(2025, 6, 1))
    client.force_login(leader)
    # session, user, membership, count, page, the page's row figures
    with django_assert_num_queries(6):
        response = client.get(reverse("reports:tasks"), {"as_of": "2025-07-01", "state": "overdue"})
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 60])
def test_the_review_queue_shows_the_oldest_requests_in_a_fixed_number_of_queries(
    client, coordinator, today, rows, django_assert_num_queries
):
    ExtensionFactory.create_batch(rows, status=Extension.Status.PENDING)
    client.force_login(coordinator)
    # session, user, membership, the extension requests, the stop requests, the completions
    # and their count
    with django_assert_num_queries(7):
        page = client.get(reverse("tasks:review")).content.decode()
    assert page.count('data-extension="') == min(rows, 50)
    assert ('data-testid="more-extensions"' in page) is (rows > 50)


@pytest.mark.parametrize("rows", [1, 30])
def test_the_admin_change_lists_run_a_fixed_number_of_queries(
    client, admin_user, today, rows, django_assert_num_queries
):
    _tasks_with_figures(rows)
    client.force_login(admin_user)
    # session, user, the capped count, the page, the filter's documents (the history's
    # filter is a list of choices)
    for model, queries in (("task", 5), ("taskchange", 4)):
        with django_assert_num_queries(queries):
            assert client.get(reverse(f"admin:tasks_{model}_changelist")).status_code == 200


# The admin's paginator --------------------------------------------------------------------


def test_the_admin_paginator_counts_up_to_its_cap(monkeypatch, today):
    monkeypatch.setattr("tracker.admin_paging.COUNT_CAP", 3)
    TaskFactory.create_batch(6, status="in_progress")
    TaskFactory(status="not_started")
    assert LargeTablePaginator(Task.objects.filter(status="not_started"), 2).count == 1
    assert LargeTablePaginator(Task.objects.filter(status="in_progress"), 2).count == 4
    assert LargeTablePaginator(Task.objects.all(), 2).count >= 4


# Counts for page numbers, read once per data version -----------------------------------------


def test_a_list_asked_again_is_counted_once_until_the_tasks_change(
    api_as_leader, django_assert_num_queries
):
    _tasks_with_figures(3, deadline=date(2025, 9, 1))
    query = {"state": "overdue"}
    assert api_as_leader.get(URL, query).json()["count"] == 3
    # the page, its supporting units, its row figures: no count (the token comes from the
    # cache too, issue 17)
    with django_assert_num_queries(3):
        assert api_as_leader.get(URL, query).json()["count"] == 3
    TaskFactory(deadline=date(2025, 9, 2))
    # the data changed: the token and user, the membership and the count are read again
    with django_assert_num_queries(6):
        assert api_as_leader.get(URL, query).json()["count"] == 4
    # another filter is another list, with its own count
    assert api_as_leader.get(URL, {"state": "completed"}).json()["count"] == 0


def test_a_count_is_never_shared_between_users_who_see_different_tasks(
    client, today, leader, staff, unit
):
    TaskFactory.create_batch(2, lead_unit=unit, deadline=date(2025, 9, 1))
    TaskFactory.create_batch(3, deadline=date(2025, 9, 1))
    for user, count in [(staff, 2), (leader, 5), (staff, 2)]:
        assert api_for(user).get(URL, {"state": "overdue"}).json()["count"] == count
        client.force_login(user)
        page = client.get(reverse("tasks:list"), {"state": "overdue"})
        assert page.context["page"].paginator.count == count
