import pytest
from django.urls import reverse

from resolutions.models import Document
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_coordinator_creates_a_document_with_a_loosely_typed_code(client, coordinator):
    client.force_login(coordinator)
    data = {"code": "57-nq/tw", "issued_on": "2024-12-22", "title": "Nghị quyết 57"}
    response = client.post(reverse("resolutions:new"), data)
    assert response.status_code == 302
    assert Document.objects.get().code == "57-NQ/TW"


def test_malformed_code_gets_a_clear_message_and_keeps_the_title(client, coordinator):
    client.force_login(coordinator)
    data = {"code": "abc", "issued_on": "2024-12-22", "title": "Nghị quyết thử"}
    html = client.post(reverse("resolutions:new"), data).content.decode()
    assert 'data-error-for="code"' in html
    assert "57-NQ/TW" in html
    assert 'value="Nghị quyết thử"' in html
    assert not Document.objects.exists()


def test_coordinator_corrects_a_document(client, coordinator):
    document = DocumentFactory(code="5-NQ/TU")
    client.force_login(coordinator)
    data = {"code": "05-NQ/TU", "issued_on": "2021-06-17", "title": "Chuyển đổi số"}
    client.post(reverse("resolutions:edit", args=[document.pk]), data)
    document.refresh_from_db()
    assert (document.code, document.title) == ("05-NQ/TU", "Chuyển đổi số")


@pytest.mark.parametrize("who", ["staff", "leader"])
def test_only_coordinators_edit_documents(client, request, who):
    document = DocumentFactory()
    client.force_login(request.getfixturevalue(who))
    data = {"code": "9-NQ/TU", "issued_on": "2021-06-17", "title": "x"}
    assert client.post(reverse("resolutions:edit", args=[document.pk]), data).status_code == 403
    assert Document.objects.get().code != "9-NQ/TU"
