"""Past figures stand (DOMAIN.md): random actions through the services (new tasks,
reports, completions, extensions, cancellations, send-backs) on random business days; after
each, the summary as of every earlier day is what it was, except for the two documented
corrections (a sent-back completion; a coordinator's back-dated cancellation), which may
change the days from their effective day on and nothing before it."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test

from reports.counting import TaskCounts, task_counts, task_counts_by
from resolutions.models import Membership
from resolutions.permissions import may_break_down
from tasks import lifecycle
from tasks.breakdown import task_set_rollup
from tasks.cancellation import task_cancel
from tasks.models import Task
from tasks.services import (
    extension_approve,
    extension_request,
    task_create,
    task_report_progress,
    task_send_back,
)
from tests.factories import DocumentFactory, UnitFactory, UserFactory

START = date(2025, 1, 6)  # a Monday
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def next_business_day(day: date, days: int) -> date:
    day += timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


class PastFigures(RuleBasedStateMachine):
    """The clock moves forward over business days; `recorded` holds the figures of every
    day already over, as they read when it ended."""

    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.clock = time_machine.travel(datetime.combine(START, time(10), ZONE), tick=False)
        self.clock.start()
        self.recorded: dict[date, tuple[TaskCounts, dict]] = {}

    @initialize()
    def people(self):
        unit = UnitFactory()
        self.coordinator = UserFactory(role=Membership.Role.COORDINATOR)
        self.staff = UserFactory(role=Membership.Role.STAFF, role__unit=unit)
        self.unit, self.document = unit, DocumentFactory(issued_on=date(2024, 12, 22))
        # issue 13: tasks broken down, under a plan, for a unit below the staff's
        self.commune = UnitFactory(parent=unit)
        self.plan = DocumentFactory(issued_on=date(2024, 12, 30), parent=self.document)

    # the days ------------------------------------------------------------------------

    @property
    def today(self) -> date:
        return timezone.localdate()

    def figures(self, day: date) -> tuple[TaskCounts, dict]:
        """The whole's figures and each document's (a breakdown counts in both, once)."""
        tasks = Task.objects.all()
        return task_counts(tasks, as_of=day), task_counts_by(tasks, key="document", as_of=day)

    @rule(days=st.integers(min_value=1, max_value=9))
    def next_day(self, days):
        """Today is over: its figures are recorded, then the clock moves on."""
        self.recorded[self.today] = self.figures(self.today)
        day = next_business_day(self.today, days)
        self.clock.stop()
        self.clock = time_machine.travel(datetime.combine(day, time(10), ZONE), tick=False)
        self.clock.start()

    def check_past(self, *, corrected_from: date | None = None) -> None:
        """Every day before `corrected_from` (all recorded days without a correction) reads
        as recorded; the days from it on are recorded anew."""
        for day, recorded in self.recorded.items():
            if corrected_from is None or day < corrected_from:
                assert self.figures(day) == recorded, day
            else:
                self.recorded[day] = self.figures(day)

    def task(self, index: int) -> Task | None:
        tasks = list(Task.objects.order_by("pk"))
        return tasks[index % len(tasks)] if tasks else None

    # the actions ---------------------------------------------------------------------

    @rule(deadline=st.one_of(st.none(), st.integers(min_value=0, max_value=90)))
    def new_task(self, deadline):
        task_create(
            user=self.coordinator,
            document=self.document,
            title="Số hóa hồ sơ",
            lead_unit=self.unit,
            assigned_on=self.today,
            deadline=None if deadline is None else self.today + timedelta(days=deadline),
        )
        self.check_past()

    @rule(
        index=st.integers(min_value=0),
        same_document=st.booleans(),
        rolls_up=st.booleans(),
        deadline=st.one_of(st.none(), st.integers(min_value=0, max_value=90)),
    )
    def break_down(self, index, same_document, rolls_up, deadline):
        """A sub-task, under the plan or the parent's own document; the parent's percent
        rolled up or not. Counted once, it moves no past figure."""
        parent = self.task(index)
        if parent is None or not may_break_down(self.coordinator, parent):
            return
        task_create(
            user=self.coordinator,
            document=parent.document if same_document else self.plan,
            title="Số hóa hồ sơ của xã",
            lead_unit=self.commune,
            assigned_on=self.today,
            deadline=None if deadline is None else self.today + timedelta(days=deadline),
            parent=parent,
        )
        if rolls_up != parent.rolls_up:
            task_set_rollup(user=self.coordinator, task=parent, rolls_up=rolls_up)
        self.check_past()

    @rule(index=st.integers(min_value=0), percent=st.integers(min_value=1, max_value=99))
    def report(self, index, percent):
        task = self.task(index)
        if task is None or not lifecycle.may_report(self.staff, task):
            return
        task_report_progress(user=self.staff, task=task, status="in_progress", percent=percent)
        self.check_past()

    @rule(index=st.integers(min_value=0))
    def complete(self, index):
        task = self.task(index)
        if task is None or not lifecycle.may_report(self.staff, task):
            return
        task_report_progress(user=self.staff, task=task, status="completed", percent=100)
        self.check_past()

    @rule(index=st.integers(min_value=0), days=st.integers(min_value=1, max_value=60))
    def extend(self, index, days):
        task = self.task(index)
        if task is None or not lifecycle.may_request_extension(self.staff, task):
            return
        if task.extensions.filter(status="pending").exists():
            return
        new_deadline = max(task.deadline, self.today) + timedelta(days=days)
        extension = extension_request(
            user=self.staff, task=task, requested_deadline=new_deadline, reason="Chờ kinh phí"
        )
        extension_approve(user=self.coordinator, extension=extension)
        self.check_past()

    @rule(index=st.integers(min_value=0), back=st.integers(min_value=0, max_value=30))
    def cancel(self, index, back):
        """Stopped from today, or back-dated by a coordinator: a correction from that day."""
        task = self.task(index)
        if task is None or not lifecycle.may_cancel(self.coordinator, task):
            return
        on = max(self.today - timedelta(days=back), task.assigned_on)
        task_cancel(user=self.coordinator, task=task, reason="Không còn phù hợp", on=on)
        self.check_past(corrected_from=on if on < self.today else None)

    @rule(index=st.integers(min_value=0))
    def send_back(self, index):
        """The completion did not happen: a correction from the day it was reported for."""
        task = self.task(index)
        if task is None or not lifecycle.may_send_back(self.coordinator, task):
            return
        completed_on = task.completed_on
        task_send_back(user=self.coordinator, task=task, note="Thiếu hồ sơ")
        self.check_past(corrected_from=completed_on)

    def teardown(self):
        self.clock.stop()
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)


@pytest.mark.django_db
def test_past_figures_stand_whatever_is_done_later():
    run_state_machine_as_test(
        PastFigures,
        settings=settings(
            max_examples=25,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
