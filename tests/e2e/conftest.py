"""Browser tests: Playwright driving Debian's Chromium against `live_server`."""

import os
from pathlib import Path

import pytest
import time_machine

from tests.demo_data import SEEDED_AT, load_demo
from tests.e2e.axe import AuditedBrowser

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # sync Playwright inside pytest
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", Path(__file__).parent / "artifacts"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: the test command installs Debian's chromium.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield AuditedBrowser(browser)
        browser.close()


@pytest.fixture(autouse=True)
def accessibility(request):
    """Every page a browser test opens is audited by axe-core (tests/e2e/axe.py); any WCAG
    2.1 A or AA violation fails the test."""
    if "browser" not in request.fixturenames:
        yield None
        return
    browser = request.getfixturevalue("browser")
    browser.begin_test()
    yield browser.audits
    browser.end_test().assert_clean()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The demo data on a fixed day, served by `live_server`; the clock runs from the
    moment the data were seeded at."""
    load_demo()
    with time_machine.travel(SEEDED_AT, tick=True):
        yield live_server


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("demo")
    page.get_by_role("button", name="Đăng nhập").click()
    # the next page loaded, its deferred scripts (Bootstrap's menus) run
    page.wait_for_url(lambda url: "/login/" not in url)
