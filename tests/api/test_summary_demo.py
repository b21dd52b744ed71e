from datetime import date

import pytest
from django.contrib.auth import get_user_model

from reports.counting import task_counts
from tasks.models import Task
from tasks.selectors import tasks_visible_to
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db
URL = "/api/v1/summary/"


def demo_user(name: str):
    return get_user_model().objects.get(username=name)


def test_57_nq_tw_matches_the_dashboard(seeded, today, api_as):
    body = api_as(demo_user("leader")).get(URL, {"document": "57-NQ/TW"}).json()
    assert body["document"] == "57-NQ/TW"
    assert body["as_of"] == "2025-09-30"
    assert (body["total"], body["completed"], body["in_progress"], body["overdue"]) == (
        75,
        32,
        43,
        2,
    )
    assert (body["completion_rate"], body["overdue_rate"]) == (42.7, 2.7)


def test_every_figure_comes_from_counting(seeded, today, api_as):
    body = api_as(demo_user("leader")).get(URL, {"document": "57-nq/tw"}).json()
    counts = task_counts(Task.objects.filter(document__code="57-NQ/TW"), as_of=TODAY)
    assert body["completed_on_time"] == counts.completed_on_time
    assert body["completed_late"] == counts.completed_late
    assert body["not_started"] == counts.not_started
    assert body["on_time_rate"] == float(counts.on_time_rate)


def test_units_are_ranked_and_add_up(seeded, today, api_as):
    body = api_as(demo_user("leader")).get(URL, {"document": "57-NQ/TW"}).json()
    assert sum(row["total"] for row in body["units"]) == 75
    ranks = [row["rank"] for row in body["units"] if row["rank"] is not None]
    assert ranks == list(range(1, len(ranks) + 1))
    rates = [row["completion_rate"] for row in body["units"] if row["rank"] is not None]
    assert rates == sorted(rates, reverse=True)


def test_a_past_day_gives_the_figures_of_that_day(seeded, today, api_as):
    leader = demo_user("leader")  # Đà Nẵng's: Hà Nội's tasks are not theirs to count
    body = api_as(leader).get(URL, {"as_of": "2025-03-31"}).json()
    counts = task_counts(tasks_visible_to(leader), as_of=date(2025, 3, 31))
    assert counts.total < task_counts(Task.objects.all(), as_of=date(2025, 3, 31)).total
    assert (body["total"], body["completed"], body["overdue"]) == (
        counts.total,
        counts.completed,
        counts.overdue,
    )
    assert body["as_of"] == "2025-03-31"


def test_staff_see_the_figures_of_the_tasks_they_may_see(seeded, today, api_as):
    staff = demo_user("staff")
    body = api_as(staff).get(URL).json()
    visible = task_counts(tasks_visible_to(staff), as_of=TODAY)
    assert 0 < body["total"] == visible.total < Task.objects.count()
