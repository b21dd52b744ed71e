from datetime import date

import pytest
from django.urls import reverse

from resolutions.models import Document, Unit
from tasks.models import Task
from tests.factories import BlockerFactory, DocumentFactory, TaskFactory, UnitFactory

pytestmark = pytest.mark.django_db


def page_of(client, name, pk, **params):
    response = client.get(reverse(name, args=[pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def _tasks(units: int, per_unit: int) -> Document:
    document = DocumentFactory()
    province = UnitFactory(kind=Unit.Kind.PROVINCE)
    for _ in range(units):
        unit = UnitFactory(parent=province)
        TaskFactory.create_batch(per_unit, document=document, lead_unit=unit)
        TaskFactory(
            document=document,
            lead_unit=unit,
            status=Task.Status.COMPLETED,
            completed_on=date(2025, 5, 1),
        )
        TaskFactory(document=document, lead_unit=unit, deadline=date(2025, 9, 1))
        TaskFactory(document=document, lead_unit=unit, deadline=date(2025, 10, 20), percent=10)
    return document


@pytest.mark.parametrize("units", [1, 12])
def test_document_dashboard_runs_a_fixed_number_of_queries(
    client, today, leader, units, django_assert_num_queries
):
    document = _tasks(units, per_unit=3)
    client.force_login(leader)
    # session, user with membership, document; at-risk candidates, units ranked with their names
    # (the headline is their sum), overdue, trend and pace; the parent units of the filter
    with django_assert_num_queries(9):
        page_of(client, "reports:document", document.pk)


@pytest.mark.parametrize("units", [1, 12])
def test_unit_dashboard_runs_a_fixed_number_of_queries(
    client, today, leader, units, django_assert_num_queries
):
    document = _tasks(units, per_unit=3)
    parent = document.tasks.first().lead_unit.parent
    client.force_login(leader)
    # session, user with membership and unit; counts by document, documents, at-risk candidates,
    # units ranked with their names (the headline is their sum), overdue, trend and pace;
    # the unit's parent, the unit's tasks and their row figures
    with django_assert_num_queries(12):
        page_of(client, "reports:unit", parent.pk)


def test_htmx_filter_request_gets_only_the_figures(client, today, leader):
    document = _tasks(2, per_unit=1)
    client.force_login(leader)
    response = client.get(
        reverse("reports:document", args=[document.pk]),
        {"as_of": "2025-09-30"},
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    assert 'data-testid="report-sentence"' in content
    assert "<html" not in content


def test_kind_filter_counts_only_units_of_that_kind(client, today, leader):
    document = _tasks(1, per_unit=1)
    commune = UnitFactory(kind=Unit.Kind.COMMUNE)
    TaskFactory(document=document, lead_unit=commune)
    client.force_login(leader)
    page = page_of(client, "reports:document", document.pk, kind=Unit.Kind.COMMUNE)
    assert 'data-figure="total">1<' in page


def test_parent_filter_without_subunits_counts_the_unit_alone(client, today, leader):
    document = _tasks(2, per_unit=1)
    province = document.tasks.first().lead_unit.parent
    TaskFactory(document=document, lead_unit=province)
    client.force_login(leader)
    alone = page_of(client, "reports:document", document.pk, parent=province.pk, scope="self")
    tree = page_of(client, "reports:document", document.pk, parent=province.pk, scope="tree")
    assert 'data-figure="total">1<' in alone
    assert 'data-figure="total">9<' in tree


def test_an_invalid_as_of_falls_back_to_today(client, today, leader):
    document = _tasks(1, per_unit=1)
    client.force_login(leader)
    page = page_of(client, "reports:document", document.pk, as_of="30/13/2025")
    assert "Figures as of 30/09/2025" in page or "30/09/2025" in page


def test_overdue_figure_links_to_exactly_its_tasks(client, today, leader):
    document = _tasks(3, per_unit=1)
    client.force_login(leader)
    response = client.get(
        reverse("reports:tasks"),
        {"document": document.pk, "state": "overdue", "as_of": "2025-09-30"},
    )
    assert response.context["page"].paginator.count == 3


def test_task_list_as_of_a_past_day_counts_what_was_assigned_then(client, today, leader):
    document = _tasks(1, per_unit=1)
    TaskFactory(document=document, assigned_on=date(2025, 8, 1))
    client.force_login(leader)
    response = client.get(
        reverse("reports:tasks"), {"document": document.pk, "as_of": "2025-07-01"}
    )
    assert response.context["page"].paginator.count == 4


def test_staff_dashboard_counts_only_their_units_tasks(client, today, staff, unit):
    document = _tasks(2, per_unit=1)
    TaskFactory(document=document, lead_unit=unit)
    client.force_login(staff)
    page = page_of(client, "reports:document", document.pk)
    assert 'data-figure="total">1<' in page


def test_dashboard_needs_login(client):
    document = DocumentFactory()
    response = client.get(reverse("reports:document", args=[document.pk]))
    assert response.status_code == 302


def test_page_carries_chart_data_and_no_inline_script(client, today, leader):
    document = _tasks(1, per_unit=1)
    client.force_login(leader)
    page = page_of(client, "reports:document", document.pk)
    assert 'id="dashboard-charts" type="application/json"' in page
    assert "<script>" not in page


def test_an_invalid_filter_leaves_the_others_in_force(client, today, leader):
    document = _tasks(1, per_unit=1)
    commune = UnitFactory(kind=Unit.Kind.COMMUNE)
    TaskFactory(document=document, lead_unit=commune)
    client.force_login(leader)
    page = page_of(client, "reports:document", document.pk, kind="commune", as_of="nonsense")
    assert 'data-figure="total">1<' in page


def test_at_risk_table_gives_open_blockers_as_a_reason(client, today, leader):
    document = _tasks(1, per_unit=1)
    BlockerFactory(task=document.tasks.get(deadline=date(2025, 10, 20)))
    client.force_login(leader)
    page = page_of(client, "reports:document", document.pk)
    assert "1 vướng mắc chưa giải quyết" in page


def test_each_dashboard_chart_has_a_summary_in_words(client, today, leader):
    document = _tasks(1, per_unit=3)
    client.force_login(leader)
    html = page_of(client, "reports:document", document.pk)
    # 6 tasks: one completed on time, none late, one overdue (deadline 01/09/2025), four open
    words = "Trong 6 nhiệm vụ: 1 hoàn thành đúng hạn, 0 hoàn thành quá hạn, 4 đang triển khai"
    assert words in html
    assert "Tỷ lệ hoàn thành đi từ" in html
