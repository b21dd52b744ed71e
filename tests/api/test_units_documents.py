from datetime import date

import pytest

from resolutions.models import Document, Unit
from tests.factories import DocumentFactory, UnitFactory

pytestmark = pytest.mark.django_db
UNITS = "/api/v1/units/"
DOCUMENTS = "/api/v1/documents/"


def unit_payload(**changes):
    return {"code": "DN-SYT", "name": "Sở Y tế", "kind": "department", "parent": None, **changes}


def document_payload(**changes):
    return {"code": "57-nq/tw", "title": "Về đột phá phát triển KH,CN", "issued_on": "2024-12-22"}


# Units


@pytest.mark.parametrize("role", ["coordinator", "leader", "staff", "administrator"])
def test_every_role_lists_units(request, api_as, unit, role):
    body = api_as(request.getfixturevalue(role)).get(UNITS).json()
    assert [row["code"] for row in body["results"]] == ["DN-SKHCN"]


def test_units_need_a_token(api):
    assert api.get(UNITS).status_code == 401


def test_a_unit_names_its_parent_by_code(api_as, leader, unit):
    child = UnitFactory(code="DN-SKHCN-TT", parent=unit)
    row = api_as(leader).get(f"{UNITS}{child.pk}/").json()
    assert (row["parent"], row["path"]) == ("DN-SKHCN", "DN-SKHCN/DN-SKHCN-TT/")


def test_units_filter_by_the_unit_above(api_as, leader, unit, other_unit):
    child = UnitFactory(code="DN-SKHCN-TT", parent=unit)
    body = api_as(leader).get(UNITS, {"within": "DN-SKHCN"}).json()
    assert [row["id"] for row in body["results"]] == [unit.pk, child.pk]


@pytest.mark.parametrize("rows", [1, 20])
def test_unit_list_runs_a_fixed_number_of_queries(api_as, leader, rows, django_assert_num_queries):
    parent = UnitFactory()
    UnitFactory.create_batch(rows - 1, parent=parent)
    client = api_as(leader)
    # token with its user and membership, count, page
    with django_assert_num_queries(4):
        assert client.get(UNITS).json()["count"] == rows


@pytest.mark.parametrize("role", ["coordinator", "administrator"])
def test_managers_create_units(request, api_as, unit, role):
    response = api_as(request.getfixturevalue(role)).post(
        UNITS, unit_payload(parent="DN-SKHCN"), format="json"
    )
    assert response.status_code == 201
    assert Unit.objects.get(pk=response.json()["id"]).path == "DN-SKHCN/DN-SYT/"


@pytest.mark.parametrize("role", ["staff", "leader"])
def test_others_cannot_create_units(request, api_as, role):
    response = api_as(request.getfixturevalue(role)).post(UNITS, unit_payload(), format="json")
    assert response.status_code == 403


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"code": "DN-SKHCN"}, "code"),
        ({"code": "DN/SYT"}, "code"),
        ({"parent": "NOPE"}, "parent"),
        ({"kind": "planet"}, "kind"),
        ({"name": "x\x00"}, "name"),
    ],
)
def test_bad_units_are_refused(api_as, coordinator, unit, changes, field):
    response = api_as(coordinator).post(UNITS, unit_payload(**changes), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Unit.objects.count() == 1


def test_an_unknown_unit_is_404(api_as, leader):
    assert api_as(leader).get(f"{UNITS}999/").status_code == 404


# Documents


def test_documents_filter_by_a_loosely_written_code(api_as, leader):
    wanted = DocumentFactory(code="57-NQ/TW")
    DocumentFactory(code="05-NQ/TU")
    body = api_as(leader).get(DOCUMENTS, {"code": "57-nq/tw"}).json()
    assert [row["id"] for row in body["results"]] == [wanted.pk]


def test_a_document_shows_the_parts_of_its_code(api_as, leader):
    document = DocumentFactory(code="204-qđ/tw")
    row = api_as(leader).get(f"{DOCUMENTS}{document.pk}/").json()
    assert (row["code"], row["doc_type"], row["issuer"], row["number"]) == (
        "204-QĐ/TW",
        "QĐ",
        "TW",
        204,
    )


@pytest.mark.parametrize("rows", [1, 20])
def test_document_list_runs_a_fixed_number_of_queries(
    api_as, leader, rows, django_assert_num_queries
):
    DocumentFactory.create_batch(rows)
    client = api_as(leader)
    with django_assert_num_queries(4):
        assert client.get(DOCUMENTS).json()["count"] == rows


@pytest.mark.parametrize("role", ["coordinator", "administrator"])
def test_managers_create_documents_with_a_normalised_code(request, api_as, role):
    response = api_as(request.getfixturevalue(role)).post(
        DOCUMENTS, document_payload(), format="json"
    )
    assert response.status_code == 201
    assert response.json()["code"] == "57-NQ/TW"
    assert Document.objects.get().issued_on == date(2024, 12, 22)


@pytest.mark.parametrize("role", ["staff", "leader"])
def test_others_cannot_create_documents(request, api_as, role):
    response = api_as(request.getfixturevalue(role)).post(
        DOCUMENTS, document_payload(), format="json"
    )
    assert response.status_code == 403


def test_a_malformed_code_is_refused_with_a_clear_message(api_as, coordinator):
    payload = {**document_payload(), "code": "abc"}
    response = api_as(coordinator).post(DOCUMENTS, payload, format="json")
    assert response.status_code == 400
    assert "57-NQ/TW" in response.json()["code"][0]
    assert not Document.objects.exists()


def test_the_same_code_and_day_twice_is_refused(api_as, coordinator):
    client = api_as(coordinator)
    client.post(DOCUMENTS, document_payload(), format="json")
    response = client.post(DOCUMENTS, document_payload(), format="json")
    assert response.status_code == 400
    assert Document.objects.count() == 1
