from datetime import date
from decimal import Decimal

import pytest

from criteria.selectors import criteria_matrix
from resolutions.models import Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ALL = set(range(1, 17))


@pytest.fixture
def reported(communes, meets):
    meets(communes["DN-HC"], ALL)
    meets(communes["DN-HV"], ALL)
    meets(communes["DN-BN"], ALL - {3, 7})
    # Hoàng Sa reported nothing


def matrix(sixteen, user, **filters):
    return criteria_matrix(
        sixteen, user=user, as_of=filters.pop("as_of", date(2025, 9, 30)), **filters
    )


def test_the_matrix_names_the_units_at_one_hundred_percent(reported, sixteen, leader):
    assert [u.name for u in matrix(sixteen, leader).complete_units] == [
        "Phường Hải Châu",
        "Xã Hòa Vang",
    ]


def test_each_unit_has_its_share_met(reported, sixteen, leader):
    shares = {row.unit.code: row.share_met for row in matrix(sixteen, leader).rows}
    assert shares == {
        "DN-HC": Decimal("100.0"),
        "DN-HV": Decimal("100.0"),
        "DN-BN": Decimal("87.5"),
        "DN-HS": Decimal("0.0"),
    }


def test_only_units_of_the_sets_kinds_are_rows(reported, sixteen, leader):
    assert "DN-SNV" not in {row.unit.code for row in matrix(sixteen, leader).rows}


def test_the_criteria_most_often_missed_come_first(reported, sixteen, leader):
    missed = [(m.criterion.number, m.units) for m in matrix(sixteen, leader).most_missed]
    assert missed[:2] == [(3, 2), (7, 2)]
    assert missed[2:] == [(n, 1) for n in sorted(ALL - {3, 7})]


def test_a_unit_not_reported_has_empty_cells(reported, sixteen, leader):
    row = {row.unit.code: row for row in matrix(sixteen, leader).rows}["DN-HS"]
    assert [cell.report for cell in row.cells] == [None] * 16


def test_the_filter_by_kind(reported, sixteen, leader):
    assert [r.unit.code for r in matrix(sixteen, leader, kind="ward").rows] == ["DN-HC"]


def test_the_filter_by_parent(reported, sixteen, leader, communes):
    hamlet = communes["DN-HV"]
    assert [r.unit.code for r in matrix(sixteen, leader, parent=hamlet).rows] == ["DN-HV"]


def test_the_matrix_of_a_past_day_reads_the_reports_made_by_then(communes, meets, sixteen, leader):
    meets(communes["DN-BN"], ALL - {3}, on=date(2025, 6, 1))
    meets(communes["DN-BN"], ALL, on=date(2025, 9, 1))
    june = matrix(sixteen, leader, as_of=date(2025, 6, 30))
    september = matrix(sixteen, leader)
    assert ("Xã Bà Nà" in [u.name for u in june.complete_units]) is False
    assert "Xã Bà Nà" in [u.name for u in september.complete_units]


def test_staff_read_only_their_own_units_row(reported, sixteen, communes):
    clerk = UserFactory(role=Membership.Role.STAFF, role__unit=communes["DN-BN"])
    assert [r.unit.code for r in matrix(sixteen, clerk).rows] == ["DN-BN"]


@pytest.mark.parametrize("units", [1, 8])
def test_the_matrix_runs_a_fixed_number_of_queries(
    sixteen, city, meets, leader, units, django_assert_num_queries
):
    from tests.factories import UnitFactory

    for i in range(units):
        meets(UnitFactory(code=f"DN-X{i}", kind="commune", parent=city), ALL)
    # the leader's roles, criteria, units, met per unit, met per criterion, cells
    with django_assert_num_queries(6):
        assert len(matrix(sixteen, leader).complete_units) == units
