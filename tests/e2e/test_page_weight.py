"""Page weight (issue 19): bytes a phone downloads for a page, as Chromium's network layer
counts them (CDP `Network.loadingFinished.encodedDataLength`: headers and body as sent,
gzipped), on a cold load (empty browser cache) and a warm one (the same page again).

The static files are served as in production: collected by `collectstatic` with the
project's storage (hashed names, gzipped copies) into a temporary STATIC_ROOT and served by
WhiteNoise. `live_server` cannot do that: it serves static files from the finders, before
the middleware, so the hashed names the templates then print 404 (STACK.md). This module
starts Django's live server thread with the static handler left out, so every request goes
through the middleware like under gunicorn. Service workers are blocked in these contexts:
the budgets are what the HTTP caching alone gives; the service worker only lowers them."""

import pytest
import time_machine
from django.core.management import call_command
from django.db import connections
from django.test.testcases import LiveServerThread

from resolutions.models import Document
from tests.demo_data import SEEDED_AT, load_demo
from tests.e2e.conftest import PHONE, log_in
from tests.e2e.test_daily_work import staff_task

KB = 1000
BUDGETS = {  # (cold, warm) in bytes; None: no warm budget
    "task list": (150 * KB, 30 * KB),
    "task page": (150 * KB, 30 * KB),
    "dashboard": (300 * KB, None),
}


@pytest.fixture
def production_site(transactional_db, settings, tmp_path):
    """The demo data served with collected, compressed, hashed static files."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "tracker.storage.StaticStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    memory = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
    server = LiveServerThread(
        "localhost", static_handler=lambda app: app, connections_override=memory
    )
    server.daemon = True
    for connection in memory.values():
        connection.inc_thread_sharing()  # in-memory SQLite is shared, as by live_server
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    try:
        load_demo()
        with time_machine.travel(SEEDED_AT, tick=True):
            yield f"http://localhost:{server.port}"
    finally:
        # The in-memory database stays shared: the server's request threads (daemons) may
        # still be closing their connections, as with the session-wide `live_server`.
        server.terminate()


class Transfer:
    """Bytes received per request of one page load, from Chromium's network events."""

    def __init__(self, page):
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.urls: dict[str, str] = {}
        self.sizes: dict[str, int] = {}
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.loadingFinished", self._finished)

    def _sent(self, event):
        self.urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event):
        self.sizes[event["requestId"]] = int(event["encodedDataLength"])

    def load(self, page, url: str) -> dict[str, int]:
        """Go to `url`, wait until the network is idle: bytes per URL loaded."""
        self.urls.clear()
        self.sizes.clear()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        return {self.urls[rid]: size for rid, size in self.sizes.items() if rid in self.urls}

    def clear_cache(self):
        self.cdp.send("Network.clearBrowserCache")


def measure(browser, base_url: str, username: str, path: str) -> tuple[dict, dict]:
    context = browser.new_context(viewport=PHONE, locale="vi-VN", service_workers="block")
    try:
        page = context.new_page()
        log_in(page, base_url, username)
        transfer = Transfer(page)
        transfer.clear_cache()
        cold = transfer.load(page, base_url + path)
        warm = transfer.load(page, base_url + path)
        return cold, warm
    finally:
        context.close()


def report(name: str, cold: dict, warm: dict) -> None:
    """The figures, for bench/README.md (pytest -s shows them)."""
    print(f"\n{name}: cold {sum(cold.values())} B, warm {sum(warm.values())} B")
    for label, load in (("cold", cold), ("warm", warm)):
        for url, size in sorted(load.items(), key=lambda item: -item[1]):
            print(f"  {label} {size:>7} {url[:100]}")


def within_budget(name: str, cold: dict, warm: dict) -> None:
    cold_budget, warm_budget = BUDGETS[name]
    assert sum(cold.values()) <= cold_budget, cold
    if warm_budget is not None:
        assert sum(warm.values()) <= warm_budget, warm


def test_staff_task_list_and_task_page_stay_within_their_budgets(production_site, browser):
    task = staff_task()
    for name, path in (("task list", "/tasks/"), ("task page", f"/tasks/{task.pk}/")):
        cold, warm = measure(browser, production_site, "staff", path)
        report(name, cold, warm)
        within_budget(name, cold, warm)
        assert not any("chartjs" in url for url in cold), "Chart.js only on dashboards"
        assert any(url.endswith(".css") for url in cold), "the styles came"
        from_the_network = [url for url, size in warm.items() if "/static/" in url and size]
        assert from_the_network == [], "hashed static files come from the browser's cache"


def test_the_dashboard_stays_within_its_budget(production_site, browser):
    document = Document.objects.get(code="57-NQ/TW")
    cold, warm = measure(browser, production_site, "leader", f"/reports/documents/{document.pk}/")
    report("dashboard", cold, warm)
    within_budget("dashboard", cold, warm)
    assert any("chartjs" in url for url in cold)
