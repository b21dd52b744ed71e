"""Writes in a fixed number of queries (issue 17): assigning one task to N units, and a
progress report through the web and the API."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AuditEvent
from resolutions.models import Membership, Unit
from tasks.models import Notification, Task, TaskChange
from tasks.services import task_assign_many, task_report_progress
from tests.conftest import one_statement_per_bulk_insert
from tests.factories import DocumentFactory, UnitFactory, UserFactory
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db

# Assigning to any number of units: one INSERT each for the tasks, their supporting units,
# their history and its audit events, one SELECT of the staff to tell and one INSERT of
# their notifications, inside the transaction's savepoint; the coordinator's roles (the
# units they may assign to) once.
ASSIGN_QUERIES = 9


def communes_with_staff(n: int) -> tuple[Unit, list[Unit]]:
    city = UnitFactory(code="DN", kind=Unit.Kind.PROVINCE)
    units = [UnitFactory(parent=city, kind=Unit.Kind.COMMUNE) for _ in range(n)]
    for commune in units:
        UserFactory(role=Membership.Role.STAFF, role__unit=commune)
    return city, units


def assign(coordinator, units, helper, document=None):
    return task_assign_many(
        user=coordinator,
        document=document or DocumentFactory(),
        title="Rà soát thủ tục hành chính",
        lead_units=units,
        supporting_units=[helper],
        assigned_on=date(2025, 2, 1),
        deadline=date(2025, 12, 31),
    )


@pytest.mark.parametrize("units", [1, pytest.param(93, marks=one_statement_per_bulk_insert)])
def test_assigning_to_n_units_takes_a_fixed_number_of_queries(
    today, coordinator, units, django_assert_num_queries
):
    city, communes = communes_with_staff(units)
    document = DocumentFactory()
    with django_assert_num_queries(ASSIGN_QUERIES):
        tasks = assign(coordinator, communes, city, document)
    assert len(tasks) == units
    assert Task.objects.filter(supporting_units=city).count() == units
    assert TaskChange.objects.filter(field=TaskChange.Field.CREATED).count() == units
    assert Notification.objects.filter(kind="task_assigned").count() == units


def test_assigning_tells_each_lead_unit_its_own_task(today, coordinator):
    _, communes = communes_with_staff(2)
    tasks = assign(coordinator, communes, communes[0])
    for task in tasks:
        [note] = Notification.objects.filter(task=task)
        assert note.recipient.memberships.get().unit_id == task.lead_unit_id
        assert task.title in note.subject


def test_a_supporting_unit_is_never_its_own_tasks_helper(today, coordinator):
    _, communes = communes_with_staff(2)
    first, second = assign(coordinator, communes, communes[0])
    assert list(first.supporting_units.all()) == []
    assert list(second.supporting_units.all()) == [communes[0]]


def test_assigning_leaves_the_audit_trail_a_save_would(today, coordinator):
    _, communes = communes_with_staff(2)
    tasks = assign(coordinator, communes, communes[0])
    created = AuditEvent.objects.filter(action=AuditEvent.Action.CREATED, object_type="tasks.Task")
    assert sorted(int(e.object_id) for e in created) == sorted(t.pk for t in tasks)
    second = created.get(object_id=str(tasks[1].pk))
    assert f"supporting_units: {communes[0].pk}" in second.summary
    assert "title: Rà soát thủ tục hành chính" in second.summary
    assert AuditEvent.objects.filter(object_type="tasks.TaskChange").count() == 2


def test_assigned_tasks_are_found_by_search_key(today, coordinator):
    _, communes = communes_with_staff(1)
    [task] = assign(coordinator, communes, communes[0])
    task.refresh_from_db()
    assert "ra soat thu tuc" in task.search_key


# A progress report through the API (the target: at most 12): the token with its user,
# the user's roles (issue 13: several memberships), the visible task (with its document's
# issuer, which the checks read) and its supporting units, the locked row, one INSERT of
# the history and one of its audit events, the UPDATE and its audit event, in a savepoint;
# the answer is rendered from the row the service returns, not read again.
PROGRESS_QUERIES = 11


@pytest.fixture(params=[0, 20], ids=["new task", "20 reports before"])
def task(request, task, staff):
    """The task, of a document a province issued (issue 13), with a supporting unit, and
    with no report yet or with 20 (many history rows on its page)."""
    task.document.issuing_unit = UnitFactory(code="DN", kind=Unit.Kind.PROVINCE)
    task.document.save()
    task.supporting_units.add(UnitFactory())
    for percent in range(1, request.param + 1):
        task = task_report_progress(user=staff, task=task, percent=percent, note="tiến độ")
    return task


def rows_read(queries, table: str) -> int:
    return sum(f'FROM "{table}"' in q["sql"] and q["sql"].startswith("SELECT") for q in queries)


@pytest.fixture
def reporter(client, staff):
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    return client


# Through the web (htmx): the session, the user, their roles (issue 13: several
# memberships), the visible task, the same seven of the write (savepoint, lock, history,
# its audit, UPDATE, its audit, release), then only what a report that keeps the task open
# changes (tasks.views `_progress_saved`), rendered from the row the service returned with
# the entries it wrote put on top of the history the page shows: nothing read again. The
# supporting units, extensions, blockers, change requests, sub-tasks and the state today
# stay on the page as they were (before issue 17's narrower answer: 19, the whole task).
WEB_PROGRESS_QUERIES = 11


def report_through_the_web(reporter, task, **fields):
    data = {"status": "in_progress", "percent": 40, "note": "Đã khảo sát"}
    return reporter.post(
        f"/tasks/{task.pk}/progress/",
        {**data, "expected_version": task.version, **fields},
        HTTP_HX_REQUEST="true",
    )


def test_a_progress_report_through_the_web_takes_11_queries(
    reporter, task, django_assert_num_queries
):
    with django_assert_num_queries(WEB_PROGRESS_QUERIES) as queries:
        response = report_through_the_web(reporter, task)
    assert response.status_code == 200
    # the visible row and the locked row; the answer is rendered from the row the service
    # returned, never read again
    assert rows_read(queries.captured_queries, "tasks_task") == 2
    html = response.content.decode()
    assert "40%" in html and "Đã khảo sát" in html
    assert f'name="expected_version" value="{task.version + 1}"' in html
    task.refresh_from_db()
    assert task.percent == 40


# With a file: its row, its history entry and their audit events (the service writes the
# entry of each file on its own), and the evidence list read for the answer.
WEB_PROGRESS_WITH_FILE_QUERIES = 17


def test_a_progress_report_with_a_file_through_the_web_reads_the_evidence_once(
    reporter, task, django_assert_num_queries
):
    pdf = SimpleUploadedFile("bien-ban.pdf", pdf_bytes(), content_type="application/pdf")
    with django_assert_num_queries(WEB_PROGRESS_WITH_FILE_QUERIES) as queries:
        response = report_through_the_web(reporter, task, evidence=pdf)
    assert response.status_code == 200
    assert rows_read(queries.captured_queries, "tasks_evidence") == 1
    assert "bien-ban.pdf" in response.content.decode()


# As a browser sends the form: with its idempotency key (issue 19), claimed in the write's
# own transaction by one INSERT that names the task it stands for (tasks/idempotency.py).
WEB_PROGRESS_WITH_KEY_QUERIES = WEB_PROGRESS_QUERIES + 1


def test_a_progress_report_as_the_browser_sends_it_adds_the_key_claim(
    reporter, task, django_assert_num_queries
):
    with django_assert_num_queries(WEB_PROGRESS_WITH_KEY_QUERIES):
        response = report_through_the_web(reporter, task, idempotency_key="k" * 32)
    assert response.status_code == 200
    assert "hx-swap-oob" in response.content.decode()


# A completion changes what may be done on the task (no more reports or requests; confirm,
# send back), so the whole task is rendered again from the returned row: the report's
# writes with the coordinators told (their SELECT and the notifications' INSERT), then the
# page's six lists, the state today and the sub-tasks.
WEB_COMPLETION_QUERIES = 21


def test_a_completion_through_the_web_renders_the_whole_task(
    reporter, task, django_assert_num_queries
):
    with django_assert_num_queries(WEB_COMPLETION_QUERIES):
        response = report_through_the_web(reporter, task, status="completed", percent=100)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="task-main"')


def test_a_progress_report_through_the_api_takes_11_queries(staff, task, django_assert_num_queries):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff)}")
    with django_assert_num_queries(PROGRESS_QUERIES):
        response = api.patch(
            f"/api/v1/tasks/{task.pk}/", {"percent": 40, "note": "Đã khảo sát"}, format="json"
        )
    assert response.status_code == 200, response.content
    assert response.json()["percent"] == 40
    assert response["ETag"] == f'"{task.version + 1}"'
