import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from reports.cache import data_changed
from resolutions.models import Membership
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_summary_cache(db):
    """Each test's data is rolled back, not changed by a commit: start from a new version."""
    data_changed()


@pytest.fixture
def api():
    """An API client with no credentials."""
    return APIClient()


@pytest.fixture
def api_as():
    """`api_as(user)`: an API client sending the user's token."""

    def client_for(user) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0]}")
        return client

    return client_for


@pytest.fixture
def administrator(db):
    return UserFactory(username="root", role=Membership.Role.ADMIN)


@pytest.fixture
def outsider(db):
    """A user with no role in the tracker."""
    return UserFactory(username="nobody")
