"""Password change and reset, the forced change of a password set by someone else, and
what a new password ends (other sessions, API tokens)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from rest_framework.authtoken.models import Token

from accounts import services
from accounts.models import Account
from resolutions.models import Membership
from tests.accounts.conftest import login, token
from tests.factories import UserFactory

NEW = "Chuyen-doi-so-2030"


def change(client, old: str = "demo", new: str = NEW):
    return client.post(
        "/accounts/password_change/",
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_the_password_change_page_opens_in_vietnamese(client, staff):
    client.force_login(staff)
    page = client.get("/accounts/password_change/").content.decode()
    assert "Đổi mật khẩu" in page and "Mật khẩu cũ" in page


def test_a_user_changes_their_password_and_signs_in_with_the_new_one(client, today, staff):
    client.force_login(staff)
    assert change(client).status_code == 302
    client.logout()
    assert login(client, "clerk", NEW).status_code == 302


def test_the_policy_refuses_a_short_common_password(client, staff):
    client.force_login(staff)
    response = change(client, new="12345678")
    assert response.status_code == 200
    assert get_user_model().objects.get(pk=staff.pk).check_password("demo")


def test_a_password_like_the_full_name_is_refused(client, staff):
    staff.first_name = "Nguyen Van Chuyen"
    staff.save()
    client.force_login(staff)
    change(client, new="nguyenvanchuyen")
    assert get_user_model().objects.get(pk=staff.pk).check_password("demo")


def test_a_password_change_signs_out_the_other_sessions(client, today, staff):
    other = Client()
    other.force_login(staff)
    client.force_login(staff)
    change(client)
    assert other.get("/").status_code == 302  # back to the login page
    assert client.get("/").status_code == 200  # the session that changed it stays


def test_a_password_change_revokes_the_api_tokens(client, api, today, staff):
    key = token(api, "clerk").json()["token"]
    client.force_login(staff)
    change(client)
    assert not Token.objects.filter(key=key).exists()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/units/").status_code == 401


def test_the_reset_email_leads_to_a_new_password(client, today, staff, settings):
    staff.email = "clerk@danang.gov.vn"
    staff.save()
    client.post("/accounts/password_reset/", {"email": "clerk@danang.gov.vn"})
    (message,) = mail.outbox
    assert message.to == ["clerk@danang.gov.vn"]
    assert "mật khẩu" in message.subject.lower()
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_url = client.get(link).url  # Django moves the token into the session
    client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert login(client, "clerk", NEW).status_code == 302


def test_a_reset_for_an_unknown_address_sends_nothing(client, staff):
    client.post("/accounts/password_reset/", {"email": "who@nowhere.vn"})
    assert mail.outbox == []


@pytest.fixture
def set_by_coordinator(coordinator, unit):
    """A staff member whose password a coordinator of their unit has set."""
    coordinator.memberships.update(unit=unit)
    person = UserFactory(username="newbie", role=Membership.Role.STAFF, role__unit=unit)
    services.user_set_password(actor=coordinator, user=person, password=NEW)
    return person


def test_a_password_set_by_someone_else_must_be_changed_at_the_next_sign_in(
    client, today, set_by_coordinator
):
    login(client, "newbie", NEW)
    assert client.get("/tasks/").url == "/accounts/password_change/"


def test_the_forced_change_ends_once_the_user_chose_their_own(client, today, set_by_coordinator):
    login(client, "newbie", NEW)
    change(client, old=NEW, new="Mat-khau-cua-toi-2025")
    assert client.get("/tasks/").status_code == 200
    assert not Account.objects.get(user=set_by_coordinator).must_change_password


def test_a_token_is_refused_until_the_forced_change(api, today, set_by_coordinator):
    assert token(api, "newbie", NEW).status_code == 403


def test_a_password_the_user_set_is_not_forced_again(client, today, staff):
    client.force_login(staff)
    change(client)
    client.logout()
    login(client, "clerk", NEW)
    assert client.get("/tasks/").status_code == 200


def test_demo_logins_are_exempt_in_demo_mode_only(settings, set_by_coordinator):
    set_by_coordinator.email = "newbie@demo.invalid"
    settings.DEMO_DATA_ALLOWED = True
    assert not services.must_change_password(set_by_coordinator)
    settings.DEMO_DATA_ALLOWED = False
    assert services.must_change_password(set_by_coordinator)


def test_an_administrator_setting_a_password_in_the_admin_forces_a_change(
    client, today, administrator, staff
):
    client.force_login(administrator)
    client.post(
        f"/admin/auth/user/{staff.pk}/password/",
        {"password1": NEW, "password2": NEW, "usable_password": "true"},
    )
    assert Account.objects.get(user=staff).must_change_password
