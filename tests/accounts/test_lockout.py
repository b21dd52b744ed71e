"""Sign-in protection: the guesser locks out the account guessed at, not the office."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory

from accounts.addresses import client_address
from tests.accounts.conftest import login, token

LIMIT = 10
LOCKED_WORDS = "Tài khoản đã bị tạm khóa"
UNTIL = "11:00 30/09/2025"  # the frozen 10:00 plus the hour of cool-off


def fail(client, username: str, times: int = LIMIT, address: str = "10.0.0.1"):
    response = None
    for _ in range(times):
        response = login(client, username, "wrong", address=address)
    return response


def test_failures_for_one_user_leave_other_users_of_the_address_signing_in(
    client, today, leader, staff
):
    fail(client, "boss")
    assert login(client, "clerk").status_code == 302


def test_failures_for_an_unknown_user_lock_out_nobody_at_the_address(client, today, leader):
    fail(client, "nobody-here")
    assert login(client, "boss").status_code == 302


def test_failures_spread_over_addresses_lock_the_user(client, today, leader):
    for number in range(LIMIT):
        login(client, "boss", "wrong", address=f"10.0.{number % 4}.1")
    assert login(client, "boss", address="10.9.9.9").status_code == 429


def test_the_right_password_is_refused_while_locked(client, today, leader):
    fail(client, "boss")
    response = login(client, "boss")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_login_page_says_in_vietnamese_the_account_is_locked_until_when(client, today, leader):
    response = fail(client, "boss")
    page = response.content.decode()
    assert response.status_code == 429
    assert LOCKED_WORDS in page and UNTIL in page
    assert 'class="navbar' in page  # the site's layout, not a bare text


def test_the_token_endpoint_answers_429_with_the_same_message(api, today, leader):
    for _ in range(LIMIT - 1):
        token(api, "boss", "wrong")
    response = token(api, "boss", "wrong")
    assert response.status_code == 429
    assert LOCKED_WORDS in response.json()["detail"] and UNTIL in response.json()["detail"]


def test_a_token_request_for_a_locked_account_is_refused_with_the_right_password(
    client, api, today, leader
):
    fail(client, "boss")
    response = token(api, "boss")
    assert response.status_code == 429
    assert LOCKED_WORDS in response.json()["detail"]


def test_web_and_api_failures_share_one_counter(client, api, today, leader):
    fail(client, "boss", times=LIMIT // 2)
    for _ in range(LIMIT - LIMIT // 2):
        token(api, "boss", "wrong")
    assert login(client, "boss").status_code == 429


def test_a_success_before_the_limit_resets_the_count(client, today, leader):
    fail(client, "boss", times=LIMIT - 1)
    assert login(client, "boss").status_code == 302
    client.logout()
    fail(client, "boss", times=LIMIT - 1)
    assert login(client, "boss").status_code == 302


def test_an_administrator_sees_and_lifts_the_lockout_in_the_admin(
    client, today, leader, administrator
):
    fail(client, "boss")
    client.force_login(administrator)
    listing = client.get("/admin/axes/accessattempt/")
    assert "boss" in listing.content.decode()
    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    client.logout()
    assert login(client, "boss").status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.2.3.4", "10.0.0.1"),  # no proxy: the header is the client's own words
        (1, "1.2.3.4", "1.2.3.4"),
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # what the client prepended is ignored
        (2, "6.6.6.6, 1.2.3.4, 172.16.0.2", "1.2.3.4"),
        (2, "1.2.3.4", "10.0.0.1"),  # fewer entries than proxies: not through them
    ],
)
def test_the_address_comes_from_forwarded_for_only_behind_trusted_proxies(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_failures_are_counted_at_the_address_the_trusted_proxy_saw(client, settings, today, leader):
    settings.TRUSTED_PROXY_COUNT = 1
    login(client, "boss", "wrong", address="172.16.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["1.2.3.4"]
