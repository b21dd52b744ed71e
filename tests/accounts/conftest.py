import pytest
from rest_framework.test import APIClient

from resolutions.models import Membership
from tests.factories import UserFactory

PASSWORD = "demo"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def administrator(db):
    return UserFactory(
        username="root", role=Membership.Role.ADMIN, is_superuser=True, is_staff=True
    )


def login(client, username: str, password: str = PASSWORD, address: str = "10.0.0.1", **headers):
    return client.post(
        "/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def token(api, username: str, password: str = PASSWORD, address: str = "10.0.0.1"):
    return api.post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        format="json",
        REMOTE_ADDR=address,
    )
