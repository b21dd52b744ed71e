from datetime import date

import pytest
from django.urls import reverse

from tasks.models import Task
from tests.factories import DocumentFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_home_needs_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_see_the_figures_of_their_own_unit_only(client, today, staff, unit, other_unit):
    document = DocumentFactory()
    TaskFactory(document=document, lead_unit=unit)
    TaskFactory(document=document, lead_unit=other_unit)
    client.force_login(staff)
    page = client.get(reverse("home")).content.decode()
    assert 'data-figure="total">1<' in page


@pytest.mark.parametrize("documents", [1, 12])
def test_home_runs_a_fixed_number_of_queries(
    client, today, leader, documents, django_assert_num_queries
):
    for _ in range(documents):
        document = DocumentFactory()
        TaskFactory.create_batch(3, document=document)
        TaskFactory(document=document, status=Task.Status.COMPLETED, completed_on=date(2025, 5, 1))
    client.force_login(leader)
    # session, user with membership, counts by document today and at the end of last month,
    # documents
    with django_assert_num_queries(6):
        response = client.get(reverse("home"))
    assert response.status_code == 200


def test_login_page_is_served_in_vietnamese(client):
    page = client.get(reverse("login")).content.decode()
    assert "Đăng nhập" in page


def test_static_assets_are_local(client, today, leader):
    client.force_login(leader)
    page = client.get(reverse("home")).content.decode()
    assert "https://" not in page and "http://" not in page.replace("http://www.w3.org", "")
