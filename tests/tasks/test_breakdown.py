"""Tasks broken down level by level (issue 13): who breaks a task down, the roll-up, the
parent's completion, and figures that never count a task twice."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.counting import task_counts, task_counts_by, tasks_in_state
from resolutions.models import Membership, Unit
from tasks.breakdown import task_set_rollup
from tasks.models import Notification, Task, TaskChange
from tasks.services import (
    blocker_raise,
    extension_request,
    task_assign_many,
    task_create,
    task_report_progress,
)
from tests.conftest import TODAY
from tests.factories import DocumentFactory, TaskFactory, UnitFactory, UserFactory
from tests.reports.test_counting import BASE, _expected, at, task_specs

pytestmark = pytest.mark.django_db
Role = Membership.Role
Status = Task.Status


@pytest.fixture
def city(today):
    """Đà Nẵng with a department and two communes; Hà Nội beside it; 57-NQ/TW (central)
    giving the department a task, and Đà Nẵng's plan implementing it."""
    dn = UnitFactory(code="DN", kind=Unit.Kind.PROVINCE)
    hn = UnitFactory(code="HN", kind=Unit.Kind.PROVINCE)
    units = {
        "DN": dn,
        "HN": hn,
        "SO": UnitFactory(code="DN-SO", parent=dn),
        "XA1": UnitFactory(code="DN-XA1", parent=dn, kind=Unit.Kind.COMMUNE),
        "XA2": UnitFactory(code="DN-XA2", parent=dn, kind=Unit.Kind.COMMUNE),
        "HN-SO": UnitFactory(code="HN-SO", parent=hn),
    }
    central = DocumentFactory(code="57-NQ/TW", issuing_unit=None)
    plan = DocumentFactory(code="37-KH/TU", issuing_unit=dn, parent=central)
    people = {
        "central": UserFactory(username="central", role=Role.COORDINATOR),
        "dn": UserFactory(username="dn", role=Role.COORDINATOR, role__unit=dn),
        "hn": UserFactory(username="hn", role=Role.COORDINATOR, role__unit=hn),
        "leader": UserFactory(username="leader", role=Role.LEADER, role__unit=dn),
        "staff": UserFactory(username="staff", role=Role.STAFF, role__unit=units["SO"]),
        "commune": UserFactory(username="commune", role=Role.STAFF, role__unit=units["XA1"]),
    }
    parent = task_create(
        user=people["central"],
        document=central,
        title="Xây dựng cơ sở dữ liệu dùng chung",
        lead_unit=units["SO"],
        assigned_on=date(2025, 3, 1),
        deadline=date(2025, 12, 31),
    )
    return {"units": units, "central": central, "plan": plan, "people": people, "parent": parent}


def _break_down(city, who="dn", units=("XA1", "XA2"), document=None):
    return task_assign_many(
        user=city["people"][who],
        document=document or city["plan"],
        title="Xây dựng cơ sở dữ liệu của xã",
        lead_units=[city["units"][u] for u in units],
        assigned_on=date(2025, 4, 1),
        deadline=date(2025, 11, 30),
        parent=city["parent"],
    )


def test_the_coordinator_of_the_lead_units_tree_breaks_a_task_down(city):
    subtasks = _break_down(city)
    assert [t.parent_id for t in subtasks] == [city["parent"].pk] * 2
    assert {t.document for t in subtasks} == {city["plan"]}


@pytest.mark.parametrize("who", ["hn", "leader", "staff", "commune"])
def test_no_one_else_breaks_it_down(city, who):
    with pytest.raises(PermissionDenied):
        _break_down(city, who=who)
    assert not Task.objects.filter(parent__isnull=False).exists()


def test_a_subtask_goes_to_a_unit_of_the_coordinators_tree(city):
    with pytest.raises(PermissionDenied):
        _break_down(city, units=("XA1", "HN-SO"))
    assert not Task.objects.filter(parent__isnull=False).exists()


def test_a_subtask_goes_under_the_coordinators_own_document_or_the_parents(city):
    hn_plan = DocumentFactory(code="99-KH/TU", issuing_unit=city["units"]["HN"])
    with pytest.raises(PermissionDenied):
        _break_down(city, document=hn_plan)
    assert len(_break_down(city, document=city["central"])) == 2


def test_a_closed_task_is_not_broken_down(city):
    parent = city["parent"]
    Task.objects.filter(pk=parent.pk).update(status=Status.COMPLETED, completed_on=TODAY)
    parent.refresh_from_db()
    with pytest.raises(PermissionDenied):
        _break_down(city)


def test_the_breakdown_page_refuses_another_province_with_404_and_staff_with_403(client, city):
    url = reverse("tasks:breakdown", args=[city["parent"].pk])
    client.force_login(city["people"]["hn"])
    assert client.get(url).status_code == 404
    client.force_login(city["people"]["staff"])
    assert client.get(url).status_code == 403
    client.force_login(city["people"]["dn"])
    form = client.get(url).context["form"]
    assert set(form.fields["document"].queryset) == {city["plan"], city["central"]}


def test_the_breakdown_page_creates_the_subtasks(client, city):
    client.force_login(city["people"]["dn"])
    url = reverse("tasks:breakdown", args=[city["parent"].pk])
    response = client.post(
        url,
        {
            "document": city["plan"].pk,
            "title": "Cập nhật dữ liệu của xã",
            "lead_units": [city["units"]["XA1"].pk],
            "assigned_on": "2025-09-01",
            "deadline": "2025-11-30",
        },
    )
    assert response.status_code == 302
    assert Task.objects.get(parent=city["parent"]).lead_unit == city["units"]["XA1"]


# Roll-up and completion -------------------------------------------------------------------


def test_a_rolled_up_parent_takes_its_subtasks_mean_percent_with_history(city):
    first, second = _break_down(city)
    task_set_rollup(user=city["people"]["dn"], task=city["parent"], rolls_up=True)
    task_report_progress(user=city["people"]["commune"], task=first, percent=60, on=TODAY)
    parent = Task.objects.get(pk=city["parent"].pk)
    assert (parent.percent, parent.status) == (30, Status.IN_PROGRESS)
    change = parent.changes.filter(field=TaskChange.Field.PERCENT).latest("id")
    assert (change.before, change.after) == ("0", "30")


def test_a_parent_reported_by_hand_keeps_its_percent(city):
    first, _second = _break_down(city)
    task_report_progress(user=city["people"]["commune"], task=first, percent=60, on=TODAY)
    assert Task.objects.get(pk=city["parent"].pk).percent == 0


def test_every_subtask_done_tells_the_parents_people_and_completes_nothing(city):
    subtasks = _break_down(city)
    task_set_rollup(user=city["people"]["dn"], task=city["parent"], rolls_up=True)
    for subtask in subtasks:
        task_report_progress(
            user=city["people"]["dn"], task=subtask, status=Status.COMPLETED, on=TODAY
        )
    parent = Task.objects.get(pk=city["parent"].pk)
    assert parent.status == Status.IN_PROGRESS
    assert parent.percent == 99  # 100% is the parent's own completion report
    told = set(
        Notification.objects.filter(kind="subtasks_done").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"staff", "central"}  # the lead unit's staff; "dn" acted


def test_a_report_on_a_subtask_is_seen_on_the_parents_page(client, city):
    first, _second = _break_down(city)
    task_report_progress(
        user=city["people"]["commune"], task=first, percent=40, note="Đã thu thập dữ liệu", on=TODAY
    )
    client.force_login(city["people"]["dn"])
    response = client.get(reverse("tasks:detail", args=[city["parent"].pk]))
    body = response.content.decode()
    assert "Đã thu thập dữ liệu" in body
    assert [s.pk for s in response.context["subtasks"]] == [t.pk for t in _subtasks(city)]


def test_an_extension_and_a_blocker_on_a_subtask_are_seen_on_the_parents_page(client, city):
    first, _second = _break_down(city)
    commune = city["people"]["commune"]
    extension_request(
        user=commune, task=first, requested_deadline=date(2026, 3, 31), reason="Chờ kinh phí"
    )
    blocker_raise(user=commune, task=first, description="Thiếu máy chủ", on=TODAY)
    client.force_login(city["people"]["dn"])
    body = client.get(reverse("tasks:detail", args=[city["parent"].pk])).content.decode()
    assert "Chờ kinh phí" in body and "Thiếu máy chủ" in body


def _subtasks(city):
    return Task.objects.filter(parent=city["parent"]).order_by("deadline", "id")


def test_the_parents_page_reads_a_fixed_number_of_queries(client, city, django_assert_num_queries):
    client.force_login(city["people"]["dn"])
    url = reverse("tasks:detail", args=[city["parent"].pk])
    _break_down(city, units=("XA1",))
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    _break_down(city, units=("XA1", "XA2", "SO"))
    with django_assert_num_queries(len(one)):
        client.get(url)


# Counted once -------------------------------------------------------------------------


def test_each_documents_figures_count_that_documents_tasks(city):
    _break_down(city)
    by_document = task_counts_by(Task.objects.all(), key="document", as_of=TODAY)
    assert by_document[city["central"].pk].total == 1
    assert by_document[city["plan"].pk].total == 2


def test_a_breakdown_counts_nothing_twice_across_documents(city):
    _break_down(city)
    assert task_counts(Task.objects.all(), as_of=TODAY).total == 1
    assert tasks_in_state(Task.objects.all(), state=None, as_of=TODAY).count() == 1


def test_a_subtask_under_its_parents_document_is_counted_once_there(city):
    _break_down(city, document=city["central"])
    by_document = task_counts_by(Task.objects.all(), key="document", as_of=TODAY)
    assert by_document[city["central"].pk].total == 1


def test_the_subtasks_count_for_their_units_where_the_parent_is_not_seen(city):
    _break_down(city)
    commune = Task.objects.filter(lead_unit=city["units"]["XA1"])
    assert task_counts(commune, as_of=TODAY).total == 1


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    specs=st.lists(
        st.tuples(task_specs(), st.integers(min_value=-1, max_value=10), st.booleans()),
        max_size=10,
    ),
    as_of=st.integers(min_value=0, max_value=700),
)
def test_counts_with_subtasks_follow_the_rules_on_any_day(today, specs, as_of):
    """Any forest of tasks over two documents: the figures of a set are the plain reading
    of the rules over its tasks, leaving out each sub-task whose parent is counted in the
    same figure (the whole set, or the same document)."""
    rows = []
    for i, (spec, parent, in_plan) in enumerate(specs):
        assigned, deadline, status, completed, started, _extensions, cancelled = spec
        spec = (assigned, deadline, status, completed, started, [], cancelled)
        rows.append((spec, parent if 0 <= parent < i else None, in_plan))
    with transaction.atomic():
        documents, unit = (DocumentFactory(), DocumentFactory()), UnitFactory()
        tasks: list[Task] = []
        for (assigned, deadline, status, completed, started, _, cancelled), parent, in_plan in rows:
            tasks.append(
                TaskFactory(
                    document=documents[in_plan],
                    lead_unit=unit,
                    parent=tasks[parent] if parent is not None else None,
                    assigned_on=BASE + timedelta(assigned),
                    original_deadline=at(deadline),
                    deadline=at(deadline),
                    status=status,
                    completed_on=at(completed),
                    started_on=at(started),
                    cancelled_on=at(cancelled),
                )
            )
        day = BASE + timedelta(as_of)
        whole = task_counts(Task.objects.all(), as_of=day)
        by_document = task_counts_by(Task.objects.all(), key="document", as_of=day)
        document_pks = [d.pk for d in documents]
        transaction.set_rollback(True)

    def counted(spec) -> bool:
        assigned, cancelled = spec[0], spec[6]
        return assigned <= as_of and (cancelled is None or cancelled > as_of)

    def once(indices: list[int]) -> list[tuple]:
        chosen = set(indices)
        return [
            rows[i][0]
            for i in indices
            if not (rows[i][1] in chosen and counted(rows[rows[i][1]][0]))
        ]

    assert whole == _expected(once(list(range(len(rows)))), as_of)
    for plan, pk in enumerate(document_pks):
        of_document = [i for i, row in enumerate(rows) if row[2] == plan]
        expected = _expected(once(of_document), as_of)
        assert by_document.get(pk, type(expected)()) == expected


def test_a_subtask_names_its_parent_in_the_api_and_is_made_there_by_the_right_coordinator(city):
    # issue 13: `parent` in the API
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def api(who):
        client = APIClient()
        token = Token.objects.get_or_create(user=city["people"][who])[0]
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    [subtask] = _break_down(city, units=("XA1",))
    row = api("dn").get(f"/api/v1/tasks/{subtask.pk}/").json()
    assert row["parent"] == city["parent"].pk
    assert api("dn").get(f"/api/v1/tasks/{city['parent'].pk}/").json()["parent"] is None
    made = {
        "document": "37-KH/TU",
        "title": "Rà soát dữ liệu của xã",
        "lead_unit": "DN-XA2",
        "assigned_on": "2025-04-02",
        "deadline": "2025-11-30",
        "parent": city["parent"].pk,
    }
    response = api("dn").post("/api/v1/tasks/", made, format="json")
    assert response.status_code == 201, response.content
    assert Task.objects.get(pk=response.json()["id"]).parent_id == city["parent"].pk
    refused = api("hn").post("/api/v1/tasks/", made, format="json")  # not a task hn sees
    assert refused.status_code == 400 and "parent" in refused.json(), refused.content
