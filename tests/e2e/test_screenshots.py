"""Every page at desktop and phone size, as each role meets it: no console error (a CSP
violation is one) on load or after an htmx swap, and a screenshot of each. With
DOCS_SCREENSHOTS=1 the screenshots are written to docs/ (the README's pictures),
otherwise to the test artifacts."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from resolutions.models import Document, Unit
from tasks.models import Task
from tests.e2e.conftest import ARTIFACTS, DESKTOP, PHONE, log_in

DOCS = Path(__file__).resolve().parents[2] / "docs"


def pages() -> dict[str, list[tuple[str, str]]]:
    """(name, path) of the pages each demo login opens."""
    nq57 = Document.objects.get(code="57-NQ/TW")
    city = Unit.objects.get(code="DN")
    task = Task.objects.filter(lead_unit__code="DN-SKHCN").order_by("id").first()
    return {
        "staff": [
            ("tasks", "/tasks/"),
            ("task", f"/tasks/{task.pk}/"),
            ("notifications", "/notifications/"),
            ("targets", "/targets/"),
            ("proposals", "/proposals/"),
        ],
        "coordinator": [
            ("task-new", "/tasks/new/"),
            ("review", "/tasks/review/"),
            ("document-new", "/documents/new/"),
            ("import", "/tasks/import/"),
            ("periodic", "/reports/periodic/"),
            ("criteria", "/criteria/"),
        ],
        "leader": [
            ("home", "/"),
            ("dashboard", f"/reports/documents/{nq57.pk}/"),
            ("unit-dashboard", f"/reports/units/{city.pk}/"),
            ("drill-down", f"/reports/tasks/?document={nq57.pk}&state=overdue"),
            ("forbidden", "/tasks/new/"),
            ("not-found", "/tasks/999999/"),
        ],
    }


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_every_page_loads_and_swaps_without_a_console_error(demo_site, browser, size):
    folder = DOCS if os.environ.get("DOCS_SCREENSHOTS") else ARTIFACTS / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    viewport = DESKTOP if size == "desktop" else PHONE
    errors: list[str] = []
    for role, visits in pages().items():
        context = browser.new_context(viewport=viewport, locale="vi-VN")  # one per user
        page = context.new_page()
        page.on(
            "console",
            lambda message, page=page: (
                message.type == "error" and errors.append(f"{page.url}: {message.text}")
            ),
        )
        page.on("pageerror", lambda error, page=page: errors.append(f"{page.url}: {error}"))
        log_in(page, demo_site.url, role)
        for name, path in visits:
            page.goto(demo_site.url + path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(folder / f"{name}-{size}.png"), full_page=True)
        if role == "staff":  # an htmx swap: the list filtered
            page.goto(f"{demo_site.url}/tasks/")
            page.get_by_label("Hạn", exact=True).select_option("overdue")
            expect(page).to_have_url(re.compile(r"due=overdue"))
            page.wait_for_load_state("networkidle")
        if role == "leader":  # an htmx swap: the dashboard's figures for one kind of unit
            page.goto(demo_site.url + visits[1][1])
            page.get_by_label("Loại đơn vị").select_option("ward")
            expect(page).to_have_url(re.compile(r"kind=ward"))
            page.wait_for_load_state("networkidle")
        context.close()
    # Chromium logs the status of the two error pages themselves; nothing else may be logged.
    expected = ("status of 403", "status of 404")
    assert [e for e in errors if not any(status in e for status in expected)] == []
