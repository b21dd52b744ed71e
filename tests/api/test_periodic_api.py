"""GET /api/v1/reports/periodic/: permissions and a message per bad field."""

import pytest

from resolutions.models import Membership
from tests.factories import DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/periodic/"
GOOD = {"document": "57-NQ/TW", "start": "2025-01-01", "end": "2025-06-30", "format": "xlsx"}


@pytest.fixture
def document(db):
    return DocumentFactory(code="57-NQ/TW")


def test_unit_staff_are_refused_the_periodic_report(document, api_as, unit):
    clerk = UserFactory(role=Membership.Role.STAFF, role__unit=unit)
    assert api_as(clerk).get(URL, GOOD).status_code == 403


def test_a_leader_gets_the_file(document, api_as, leader, today):
    assert api_as(leader).get(URL, GOOD).status_code == 200


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("document", "abc"),
        ("document", "99-NQ/TW"),
        ("start", "30/06/2025"),
        ("format", "odt"),
        ("unit", "NOPE"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_its_field(document, api_as, leader, today, field, value):
    response = api_as(leader).get(URL, GOOD | {field: value})
    assert response.status_code == 400
    assert field in response.json()


def test_a_range_ending_before_its_start_is_a_400_on_end(document, api_as, leader, today):
    response = api_as(leader).get(URL, GOOD | {"start": "2025-07-01"})
    assert response.status_code == 400
    assert list(response.json()) == ["end"]


def test_missing_parameters_are_each_named(document, api_as, leader, today):
    response = api_as(leader).get(URL)
    assert response.status_code == 400
    assert {"document", "start", "end", "format"} <= set(response.json())
