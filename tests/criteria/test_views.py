from datetime import date

import pytest

from criteria.models import CriterionReport
from resolutions.models import Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ALL = set(range(1, 17))


def test_the_matrix_page_names_the_communes_at_one_hundred_percent(
    client, today, leader, communes, meets, sixteen
):
    meets(communes["DN-HV"], ALL)
    meets(communes["DN-BN"], ALL - {1})
    client.force_login(leader)
    page = client.get(f"/criteria/{sixteen.pk}/").content.decode()
    assert '<span class="complete-unit">Xã Hòa Vang</span>' in page
    assert '<span class="complete-unit">Xã Bà Nà</span>' not in page
    assert "93,8%" in page


def test_the_matrix_page_filters_by_kind_with_htmx(client, today, leader, communes, meets, sixteen):
    client.force_login(leader)
    page = client.get(
        f"/criteria/{sixteen.pk}/", {"kind": "ward"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Phường Hải Châu" in page and "Xã Bà Nà" not in page and "<html" not in page


def test_a_past_day_is_a_filter(client, today, leader, communes, meets, sixteen):
    meets(communes["DN-HV"], ALL, on=date(2025, 9, 1))
    client.force_login(leader)
    page = client.get(f"/criteria/{sixteen.pk}/", {"as_of": "2025-08-31"}).content.decode()
    assert '<span class="complete-unit">' not in page


@pytest.mark.parametrize("units", [1, 4])
def test_the_matrix_page_runs_a_fixed_number_of_queries(
    client, today, leader, city, meets, sixteen, units, django_assert_max_num_queries
):
    from tests.factories import UnitFactory

    for i in range(units):
        meets(UnitFactory(code=f"DN-X{i}", kind="commune", parent=city), ALL)
    client.force_login(leader)
    with django_assert_max_num_queries(12):
        assert client.get(f"/criteria/{sixteen.pk}/").status_code == 200


def test_the_unit_reports_a_criterion_on_its_scorecard(client, today, communes, sixteen):
    commune = communes["DN-HV"]
    clerk = UserFactory(role=Membership.Role.STAFF, role__unit=commune)
    criterion = sixteen.criteria.get(number=4)
    client.force_login(clerk)
    page = client.post(
        f"/criteria/{sixteen.pk}/units/{commune.pk}/report/",
        {"criterion": criterion.pk, "met": "on", "on": "2025-09-29", "evidence": "QĐ 12"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert CriterionReport.objects.get().met is True
    assert "6,3%" in page and "QĐ 12" in page


def test_a_refused_criterion_report_shows_why(client, today, communes, sixteen):
    commune = communes["DN-HV"]
    clerk = UserFactory(role=Membership.Role.STAFF, role__unit=commune)
    client.force_login(clerk)
    page = client.post(
        f"/criteria/{sixteen.pk}/units/{commune.pk}/report/",
        {"criterion": sixteen.criteria.first().pk, "met": "on", "on": "2025-09-29"},
    ).content.decode()
    assert 'data-error-for="evidence"' in page
    assert not CriterionReport.objects.exists()


def test_staff_cannot_open_another_communes_scorecard(client, today, communes, sixteen):
    clerk = UserFactory(role=Membership.Role.STAFF, role__unit=communes["DN-HV"])
    client.force_login(clerk)
    assert client.get(f"/criteria/{sixteen.pk}/units/{communes['DN-BN'].pk}/").status_code == 404
