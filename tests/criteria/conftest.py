from datetime import date

import pytest

from criteria.models import CriteriaSet, CriterionReport
from tests.factories import UnitFactory


@pytest.fixture
def city(db):
    return UnitFactory(code="DN", name="Thành phố Đà Nẵng", kind="province")


@pytest.fixture
def communes(city):
    """Three communes and a ward under the city, and a department that is neither."""
    UnitFactory(code="DN-SNV", name="Sở Nội vụ", parent=city)
    return {
        code: UnitFactory(code=code, name=name, kind=kind, parent=city)
        for code, name, kind in [
            ("DN-HC", "Phường Hải Châu", "ward"),
            ("DN-HV", "Xã Hòa Vang", "commune"),
            ("DN-BN", "Xã Bà Nà", "commune"),
            ("DN-HS", "Xã Hoàng Sa", "commune"),
        ]
    }


@pytest.fixture
def sixteen(city):
    """The 16 criteria for communes and wards of the city."""
    criteria_set = CriteriaSet.objects.create(
        name="Bộ 16 tiêu chí", parent=city, unit_kinds=["commune", "ward"]
    )
    for number in range(1, 17):
        criteria_set.criteria.create(number=number, title=f"Tiêu chí {number}")
    return criteria_set


@pytest.fixture
def meets(sixteen):
    """`meets(unit, numbers, on=…)`: the unit reports those criteria met, the rest not."""

    def report(unit, numbers, on=date(2025, 9, 1)):
        CriterionReport.objects.bulk_create(
            CriterionReport(
                criterion=criterion,
                unit=unit,
                met=criterion.number in numbers,
                on=on,
                evidence="Biên bản kiểm tra" if criterion.number in numbers else "",
            )
            for criterion in sixteen.criteria.all()
        )

    return report
