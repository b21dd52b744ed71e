"""The permission matrix of issue 13: two provinces (coordinator, leader and staff of each)
and a central coordinator, over pages, pickers, dashboards, drill-downs, API lists and
details, writes and exports. Nothing of one province reaches the other's people; what one
may not see answers 404, what one sees but may not do answers 403."""

import io
from dataclasses import dataclass
from datetime import date

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from resolutions.models import Membership, Unit
from tasks.models import Task
from tests.factories import DocumentFactory, TaskFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
Role = Membership.Role
PROVINCES = ("DN", "HN")


@dataclass
class World:
    units: dict[str, Unit]
    tasks: dict[str, Task]
    users: dict[str, object]

    def province_tasks(self, province: str) -> set[int]:
        return {t.pk for key, t in self.tasks.items() if key.startswith(province)}


@pytest.fixture
def world(today) -> World:
    units: dict[str, Unit] = {}
    tasks: dict[str, Task] = {}
    users: dict[str, object] = {}
    central = DocumentFactory(code="57-NQ/TW", issuing_unit=None)
    for province in PROVINCES:
        top = UnitFactory(code=province, kind=Unit.Kind.PROVINCE, name=f"Tỉnh {province}")
        department = UnitFactory(code=f"{province}-SO", parent=top, name=f"Sở {province}")
        commune = UnitFactory(
            code=f"{province}-XA", parent=top, kind=Unit.Kind.COMMUNE, name=f"Xã {province}"
        )
        units |= {province: top, f"{province}-SO": department, f"{province}-XA": commune}
        own = DocumentFactory(code=f"{len(units)}-NQ/TU", issuing_unit=top)
        tasks[f"{province}-central"] = TaskFactory(
            document=central,
            lead_unit=department,
            title=f"Nhiệm vụ trung ương giao {province}",
            status=Task.Status.IN_PROGRESS,
            percent=20,
            started_on=date(2025, 2, 1),
        )
        tasks[f"{province}-own"] = TaskFactory(
            document=own, lead_unit=commune, title=f"Nhiệm vụ riêng của {province}"
        )
        users[f"{province}-coordinator"] = UserFactory(
            username=f"{province}-coordinator", role=Role.COORDINATOR, role__unit=top
        )
        users[f"{province}-leader"] = UserFactory(
            username=f"{province}-leader", role=Role.LEADER, role__unit=top
        )
        users[f"{province}-staff"] = UserFactory(
            username=f"{province}-staff", role=Role.STAFF, role__unit=department
        )
    users["central"] = UserFactory(username="central", role=Role.COORDINATOR)
    return World(units=units, tasks=tasks, users=users)


PEOPLE = [f"{p}-{r}" for p in PROVINCES for r in ("coordinator", "leader", "staff")]


def _province(person: str) -> str:
    return person.split("-")[0]


def _other(person: str) -> str:
    return "HN" if _province(person) == "DN" else "DN"


def _web(client, world: World, person: str):
    client.force_login(world.users[person])
    return client


def _api(world: World, person: str) -> APIClient:
    api = APIClient()
    token = Token.objects.get_or_create(user=world.users[person])[0]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api


def _titles(world: World, province: str) -> list[str]:
    return [t.title for key, t in world.tasks.items() if key.startswith(province)]


# Pages and drill-downs ----------------------------------------------------------------


@pytest.mark.parametrize("person", PEOPLE)
def test_task_pages_of_the_other_province_answer_404(client, world, person):
    web = _web(client, world, person)
    for key in (f"{_other(person)}-central", f"{_other(person)}-own"):
        assert web.get(reverse("tasks:detail", args=[world.tasks[key].pk])).status_code == 404


@pytest.mark.parametrize("person", PEOPLE)
def test_own_province_task_pages_open(client, world, person):
    web = _web(client, world, person)
    task = world.tasks[f"{_province(person)}-central"]
    assert web.get(reverse("tasks:detail", args=[task.pk])).status_code == 200


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("page", ["tasks:list", "reports:tasks", "home"])
def test_lists_and_drill_downs_show_nothing_of_the_other_province(client, world, person, page):
    body = _web(client, world, person).get(reverse(page)).content.decode()
    assert not any(title in body for title in _titles(world, _other(person)))
    assert world.tasks[f"{_province(person)}-central"].title in body or page == "home"


@pytest.mark.parametrize("person", PEOPLE)
def test_dashboards_of_the_other_province_answer_404(client, world, person):
    web = _web(client, world, person)
    other = _other(person)
    document = world.tasks[f"{other}-own"].document
    assert web.get(reverse("reports:document", args=[document.pk])).status_code == 404
    assert web.get(reverse("reports:unit", args=[world.units[other].pk])).status_code == 404


@pytest.mark.parametrize("person", PEOPLE)
def test_the_home_page_lists_only_documents_one_sees(client, world, person):
    body = _web(client, world, person).get(reverse("home")).content.decode()
    assert world.tasks[f"{_province(person)}-own"].document.code in body
    assert world.tasks[f"{_other(person)}-own"].document.code not in body
    assert "57-NQ/TW" in body  # the central resolution, through the province's own tasks


@pytest.mark.parametrize("person", PEOPLE)
def test_the_central_documents_figures_count_only_the_provinces_tasks(client, world, person):
    central = world.tasks["DN-central"].document
    url = reverse("reports:tasks") + f"?document={central.pk}"
    body = _web(client, world, person).get(url).content.decode()
    assert world.tasks[f"{_province(person)}-central"].title in body
    assert world.tasks[f"{_other(person)}-central"].title not in body


# Pickers ------------------------------------------------------------------------------


@pytest.mark.parametrize("province", PROVINCES)
def test_the_task_form_offers_only_the_coordinators_units_and_documents(client, world, province):
    response = _web(client, world, f"{province}-coordinator").get(reverse("tasks:new"))
    form = response.context["form"]
    units = set(form.fields["lead_units"].queryset.values_list("code", flat=True))
    assert units == {province, f"{province}-SO", f"{province}-XA"}
    documents = set(form.fields["document"].queryset)
    assert documents == {world.tasks[f"{province}-own"].document}


@pytest.mark.parametrize("person", PEOPLE)
def test_the_list_filter_offers_only_documents_one_sees(client, world, person):
    form = _web(client, world, person).get(reverse("tasks:list")).context["form"]
    codes = set(form.fields["document"].queryset.values_list("code", flat=True))
    assert world.tasks[f"{_other(person)}-own"].document.code not in codes
    assert "57-NQ/TW" in codes


@pytest.mark.parametrize("person", PEOPLE)
def test_the_target_filter_offers_only_documents_and_units_one_sees(client, world, person):
    form = _web(client, world, person).get(reverse("targets:list")).context["form"]
    codes = set(form.fields["document"].queryset.values_list("code", flat=True))
    assert world.tasks[f"{_other(person)}-own"].document.code not in codes
    units = set(form.fields["unit"].queryset.values_list("code", flat=True))
    assert not units & {_other(person), f"{_other(person)}-SO", f"{_other(person)}-XA"}


@pytest.mark.parametrize("province", PROVINCES)
def test_a_proposals_responsible_agency_is_never_of_the_other_province(world, province):
    from proposals.forms import TransitionForm

    form = TransitionForm(user=world.users[f"{province}-coordinator"])
    units = set(form.fields["responsible_unit"].queryset.values_list("code", flat=True))
    other = "HN" if province == "DN" else "DN"
    assert f"{province}-SO" in units
    assert not units & {other, f"{other}-SO", f"{other}-XA"}


# API ----------------------------------------------------------------------------------


@pytest.mark.parametrize("person", PEOPLE)
def test_api_task_list_holds_only_the_provinces_tasks(world, person):
    rows = _api(world, person).get("/api/v1/tasks/").json()["results"]
    ids = {row["id"] for row in rows}
    assert ids <= world.province_tasks(_province(person))
    assert world.tasks[f"{_province(person)}-central"].pk in ids


@pytest.mark.parametrize("person", PEOPLE)
def test_api_details_of_the_other_province_answer_404(world, person):
    api = _api(world, person)
    other = _other(person)
    assert api.get(f"/api/v1/tasks/{world.tasks[f'{other}-own'].pk}/").status_code == 404
    document = world.tasks[f"{other}-own"].document
    assert api.get(f"/api/v1/documents/{document.pk}/").status_code == 404
    assert api.get(f"/api/v1/units/{world.units[other].pk}/").status_code == 404


@pytest.mark.parametrize("person", PEOPLE)
def test_api_document_and_unit_lists_hold_nothing_of_the_other_province(world, person):
    api = _api(world, person)
    codes = {row["code"] for row in api.get("/api/v1/documents/").json()["results"]}
    assert world.tasks[f"{_other(person)}-own"].document.code not in codes
    units = {row["code"] for row in api.get("/api/v1/units/").json()["results"]}
    assert not any(code.startswith(_other(person)) for code in units)


# Writes -------------------------------------------------------------------------------


@pytest.mark.parametrize("person", PEOPLE)
def test_writes_on_the_other_provinces_tasks_answer_404(client, world, person):
    web, api = _web(client, world, person), _api(world, person)
    task = world.tasks[f"{_other(person)}-central"]
    url = reverse("tasks:progress", args=[task.pk])
    assert web.post(url, {"status": "in_progress", "percent": 50}).status_code == 404
    assert web.post(reverse("tasks:cancel", args=[task.pk]), {}).status_code == 404
    assert api.patch(f"/api/v1/tasks/{task.pk}/", {"percent": 50}).status_code == 404
    task.refresh_from_db()
    assert task.percent == 20


@pytest.mark.parametrize("province", PROVINCES)
def test_a_leader_reads_but_may_not_report(world, province):
    task = world.tasks[f"{province}-central"]
    response = _api(world, f"{province}-leader").patch(f"/api/v1/tasks/{task.pk}/", {"percent": 50})
    assert response.status_code == 403


@pytest.mark.parametrize("province", PROVINCES)
def test_staff_report_on_their_units_task(world, province):
    task = world.tasks[f"{province}-central"]
    response = _api(world, f"{province}-staff").patch(f"/api/v1/tasks/{task.pk}/", {"percent": 50})
    assert response.status_code == 200
    assert response.json()["percent"] == 50


@pytest.mark.parametrize("province", PROVINCES)
def test_staff_may_not_stop_a_task_they_see(client, world, province):
    task = world.tasks[f"{province}-central"]
    url = reverse("tasks:cancel", args=[task.pk])
    response = _web(client, world, f"{province}-staff").post(
        url, {"reason": "Không còn phù hợp", "on": "2025-09-30"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("province", PROVINCES)
def test_a_coordinator_may_not_assign_a_task_to_the_other_provinces_unit(world, province):
    other = "HN" if province == "DN" else "DN"
    payload = {
        "document": world.tasks[f"{province}-own"].document.code,
        "title": "Nhiệm vụ lấn sân",
        "lead_unit": f"{other}-SO",
        "assigned_on": "2025-09-01",
    }
    response = _api(world, f"{province}-coordinator").post("/api/v1/tasks/", payload)
    assert response.status_code == 403
    assert not Task.objects.filter(title="Nhiệm vụ lấn sân").exists()


@pytest.mark.parametrize("province", PROVINCES)
def test_a_coordinator_may_not_add_tasks_to_the_central_document(world, province):
    payload = {
        "document": "57-NQ/TW",
        "title": "Nhiệm vụ tự thêm",
        "lead_unit": f"{province}-SO",
        "assigned_on": "2025-09-01",
    }
    response = _api(world, f"{province}-coordinator").post("/api/v1/tasks/", payload)
    assert response.status_code == 403


def test_the_central_coordinator_reaches_both_provinces(client, world):
    api = _api(world, "central")
    ids = {row["id"] for row in api.get("/api/v1/tasks/").json()["results"]}
    assert ids == {t.pk for t in world.tasks.values()}
    payload = {
        "document": "57-NQ/TW",
        "title": "Nhiệm vụ giao thêm",
        "lead_unit": "HN-SO",
        "assigned_on": "2025-09-01",
    }
    assert api.post("/api/v1/tasks/", payload).status_code == 201


@pytest.mark.parametrize("province", PROVINCES)
def test_a_coordinator_decides_on_the_central_tasks_of_their_province(client, world, province):
    """57-NQ/TW is the central level's; the task it gives a department of the province is
    the province coordinator's to decide on (its lead unit is in their tree)."""
    task = world.tasks[f"{province}-central"]
    web = _web(client, world, f"{province}-coordinator")
    response = web.post(
        reverse("tasks:cancel", args=[task.pk]),
        {"reason": "Không còn phù hợp", "on": "2025-09-30"},
    )
    assert response.status_code in (200, 302)
    task.refresh_from_db()
    assert task.status == Task.Status.CANCELLED


# Exports ------------------------------------------------------------------------------


@pytest.mark.parametrize("person", PEOPLE)
def test_exports_hold_nothing_of_the_other_province(client, world, person):
    web = _web(client, world, person)
    for page in ("tasks:list", "reports:tasks", "home"):
        response = web.get(reverse(page) + "?export=xlsx")
        assert response.status_code == 200, page
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        cells = {
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
        }
        assert not cells & set(_titles(world, _other(person))), page
        assert world.tasks[f"{_other(person)}-own"].document.code not in " ".join(cells), page


# The admin ----------------------------------------------------------------------------


@pytest.mark.parametrize("province", PROVINCES)
def test_the_admin_lists_only_the_coordinators_province(client, world, province):
    coordinator = world.users[f"{province}-coordinator"]
    coordinator.is_staff = True
    coordinator.save()
    coordinator.user_permissions.set(
        Permission.objects.filter(codename__in=["view_task", "view_document", "view_unit"])
    )
    web = _web(client, world, f"{province}-coordinator")
    other = "HN" if province == "DN" else "DN"
    body = web.get("/admin/tasks/task/").content.decode()
    assert world.tasks[f"{province}-own"].title in body
    assert not any(title in body for title in _titles(world, other))
    other_task = world.tasks[f"{other}-own"]
    assert web.get(f"/admin/tasks/task/{other_task.pk}/change/").status_code == 302  # "not found"
    units = web.get("/admin/resolutions/unit/").content.decode()
    assert f"{province}-SO" in units and f"{other}-SO" not in units


# Query counts with scoped users ---------------------------------------------------------

SURFACES = {
    "task list": lambda world, province: reverse("tasks:list"),
    "home": lambda world, province: reverse("home"),
    "document dashboard": lambda world, province: reverse(
        "reports:document", args=[world.tasks[f"{province}-own"].document.pk]
    ),
    # the department's: its staff's tree
    "unit dashboard": lambda world, province: reverse(
        "reports:unit", args=[world.units[f"{province}-SO"].pk]
    ),
    "drill-down": lambda world, province: reverse("reports:tasks"),
    "api tasks": lambda world, province: "/api/v1/tasks/",
}


def _queries(get, url: str) -> int:
    get(url)  # warm: sessions, caches
    with CaptureQueriesContext(connection) as queries:
        assert get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("person", [*PEOPLE, "central"])
def test_lists_and_dashboards_read_a_fixed_number_of_queries_for_scoped_users(
    client, world, person, surface
):
    province = _province(person) if person != "central" else "DN"
    url = SURFACES[surface](world, province)
    get = _api(world, person).get if surface.startswith("api") else _web(client, world, person).get
    few = _queries(get, url)
    for template in list(world.tasks.values()):
        for n in range(6):
            TaskFactory(
                document=template.document,
                lead_unit=template.lead_unit,
                title=f"{template.title} {n}",
                status=Task.Status.IN_PROGRESS,
                deadline=date(2025, 9, 1) if n % 2 else date(2026, 3, 1),
            )
    assert _queries(get, url) == few
