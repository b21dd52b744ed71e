"""The criteria matrix through the API (issue 15)."""

import pytest
from rest_framework.test import APIClient

ALL = set(range(1, 17))


@pytest.fixture
def api_as():
    def client_for(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture
def reported(communes, meets):
    meets(communes["DN-HC"], ALL)
    meets(communes["DN-HV"], ALL)
    meets(communes["DN-BN"], ALL - {3})


def test_the_matrix_names_the_units_at_one_hundred_percent(
    today,
    api_as,
    leader,
    reported,
    sixteen,
):
    body = api_as(leader).get(f"/api/v1/criteria-sets/{sixteen.pk}/matrix/", {"parent": "DN"})
    assert body.status_code == 200
    data = body.json()
    assert [u["code"] for u in data["complete_units"]] == ["DN-HC", "DN-HV"]
    rows = {row["unit"]["code"]: row for row in data["units"]}
    assert (rows["DN-BN"]["share_met"], rows["DN-BN"]["cells"][2]) == (93.8, False)
    assert rows["DN-HS"]["cells"] == [None] * 16
    assert data["most_missed"][0] == {"number": 3, "title": "Tiêu chí 3", "units": 2}


def test_the_matrix_filters_by_kind(today, api_as, leader, reported, sixteen):
    data = (
        api_as(leader).get(f"/api/v1/criteria-sets/{sixteen.pk}/matrix/", {"kind": "ward"}).json()
    )
    assert [row["unit"]["code"] for row in data["units"]] == ["DN-HC"]


def test_an_unknown_parent_is_a_400(today, api_as, leader, sixteen):
    response = api_as(leader).get(f"/api/v1/criteria-sets/{sixteen.pk}/matrix/", {"parent": "NOPE"})
    assert response.status_code == 400
