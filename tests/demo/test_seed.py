from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from demo.seed import seed_demo
from reports.counting import task_counts
from resolutions.models import Document, Membership, Unit
from tasks.models import Blocker, Extension, Task, TaskChange
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def figures(code: str):
    return task_counts(Task.objects.filter(document__code=code), as_of=TODAY)


def test_57_nq_tw_for_da_nang(seeded):
    result = figures("57-NQ/TW")
    assert (result.total, result.completed, result.in_progress, result.overdue) == (75, 32, 43, 2)
    assert (result.completion_rate, result.overdue_rate) == (Decimal("42.7"), Decimal("2.7"))


def test_steering_committee_conclusions(seeded):
    result = figures("02-KL/BCĐ")
    assert (result.total, result.completed, result.in_progress, result.overdue) == (62, 19, 43, 2)
    assert (result.completion_rate, result.overdue_rate) == (Decimal("30.6"), Decimal("3.2"))


def test_other_resolutions_have_late_extended_and_ongoing_tasks(seeded):
    for code in ("05-NQ/TU", "18-NQ/TU"):
        result = figures(code)
        assert result.completed_late > 0
        assert result.completed_on_time_extended > 0
        assert Task.objects.filter(document__code=code, deadline__isnull=True).exists()


def test_some_task_was_extended_more_than_once(seeded):
    assert Task.objects.filter(extension_count__gte=2).exists()
    assert Extension.objects.filter(status=Extension.Status.PENDING).exists()


def test_05_and_18_have_an_open_blocker(seeded):
    codes = Blocker.objects.filter(resolved_on__isnull=True).values_list(
        "task__document__code", flat=True
    )
    assert sorted(codes) == ["05-NQ/TU", "18-NQ/TU"]


def test_da_nang_has_93_communes_wards_and_special_zones(seeded):
    local = Unit.objects.filter(
        parent__code="DN", kind__in=[Unit.Kind.COMMUNE, Unit.Kind.WARD, Unit.Kind.SPECIAL_ZONE]
    )
    assert local.count() == 93


def test_every_task_has_its_history(seeded):
    assert not Task.objects.exclude(pk__in=TaskChange.objects.values("task_id")).exists()


def test_each_province_has_its_coordinator_leader_and_staff(seeded):
    held = {
        username: (role, path)
        for username, role, path in Membership.objects.values_list(
            "user__username", "role", "unit__path"
        )
    }
    assert held == {
        "admin": ("admin", "DN/"),
        "coordinator": ("coordinator", "DN/"),
        "leader": ("leader", "DN/"),
        "staff": ("staff", "DN/DN-SKHCN/"),
        "hn_coordinator": ("coordinator", "HN/"),
        "hn_leader": ("leader", "HN/"),
        "hn_staff": ("staff", held["hn_staff"][1]),
        "central": ("coordinator", None),
    }
    assert held["hn_staff"][1].startswith("HN/HN-")
    assert get_user_model().objects.get(username="leader").check_password("demo")


def test_documents_name_their_issuer(seeded):
    issuers = dict(Document.objects.values_list("code", "issuing_unit__code"))
    assert issuers == {
        "57-NQ/TW": None,
        "02-KL/BCĐ": "DN",
        "37-KH/TU": "DN",
        "05-NQ/TU": "DN",
        "18-NQ/TU": "HN",
    }


def test_a_few_57_tasks_are_broken_down_under_da_nangs_plan(seeded):
    subtasks = Task.objects.filter(parent__isnull=False).select_related("parent", "lead_unit")
    assert {t.parent.document.code for t in subtasks} == {"57-NQ/TW"}
    assert {t.document.code for t in subtasks} == {"37-KH/TU"}
    assert len({t.parent_id for t in subtasks}) == 3
    assert all(t.lead_unit.path.startswith("DN/") for t in subtasks)
    assert Task.objects.filter(rolls_up=True).count() == 1


def test_staff_unit_leads_some_57_tasks(seeded):
    staff_unit = Membership.objects.get(user__username="staff").unit
    assert Task.objects.filter(document__code="57-NQ/TW", lead_unit=staff_unit).count() >= 10


def test_running_twice_changes_nothing(seeded, today):
    sizes = [
        Unit.objects.count(),
        Document.objects.count(),
        Task.objects.count(),
        TaskChange.objects.count(),
        get_user_model().objects.count(),
    ]
    loaded, _ = seed_demo(today=TODAY)
    assert not loaded
    assert sizes == [
        Unit.objects.count(),
        Document.objects.count(),
        Task.objects.count(),
        TaskChange.objects.count(),
        get_user_model().objects.count(),
    ]


def test_command_refuses_where_demo_data_is_off(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_home_shows_the_seed_figures_in_vietnamese(client, seeded, today, django_user_model):
    client.force_login(django_user_model.objects.get(username="leader"))
    page = client.get(reverse("home")).content.decode()
    assert "57-NQ/TW" in page
    assert 'data-figure="completion_rate">42,7%' in page
    assert 'data-figure="completion_rate">30,6%' in page
    assert "Đăng xuất" in page
