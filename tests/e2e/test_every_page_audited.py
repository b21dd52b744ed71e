"""Issue 21: every page of every role, at desktop and phone width and at 200% zoom, in both
languages, passes axe-core's WCAG 2.1 A and AA rules and never scrolls sideways. In a file of
its own, as the longest of the browser tests: the suite's workers take whole files."""

import pytest
from django.contrib.auth.models import User

from criteria.models import CriteriaSet
from proposals.models import Proposal
from reports.models import Target
from resolutions.models import Document, Unit
from tests.e2e.axe import audit, audited_by_hand
from tests.e2e.conftest import DESKTOP, PHONE, log_in
from tests.e2e.test_daily_work import staff_task

# A 1366-pixel-wide screen at 200% zoom lays the page out in 683 CSS pixels.
ZOOMED = {"width": 683, "height": 450}


def sideways_scroll(page) -> bool:
    """The page is wider than the window (a wide table scrolling in its own box is fine)."""
    return page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")


def pages_of(role: str) -> list[str]:
    """The pages a user of `role` works with (issue 21 lists them), with real ids."""
    document = Document.objects.get(code="57-NQ/TW")
    unit = Unit.objects.get(code="DN-SKHCN")
    task = staff_task()
    common = [
        "/",
        f"/reports/documents/{document.pk}/",
        f"/reports/units/{unit.pk}/",
        f"/reports/tasks/?document={document.pk}&state=overdue",
        "/tasks/",
        f"/tasks/{task.pk}/",
        "/notifications/",
        "/targets/",
        f"/targets/{Target.objects.filter(unit=unit).order_by('pk').first().pk}/",
        "/proposals/",
        f"/proposals/{Proposal.objects.order_by('pk').first().pk}/",
        "/proposals/explanations/",
        "/criteria/",
        f"/criteria/{CriteriaSet.objects.get().pk}/",
        "/accounts/password_change/",
    ]
    if role == "coordinator":
        return common + [
            "/documents/new/",
            "/tasks/new/",
            "/tasks/review/",
            "/tasks/import/",
            "/reports/periodic/",
            "/accounts/people/",
            "/accounts/people/new/",
            f"/accounts/people/{User.objects.get(username='staff').pk}/",
        ]
    if role == "leader":
        return common + ["/reports/periodic/"]
    return common


def set_language(page, base_url: str, language: str) -> None:
    page.goto(f"{base_url}/")
    page.locator(f"footer button[value={language}]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("role", ["staff", "coordinator", "leader"])
def test_every_page_passes_axe_at_both_widths(demo_site, page, role, language):
    log_in(page, demo_site.url, role)
    set_language(page, demo_site.url, language)
    assert page.locator("html").get_attribute("lang") == language
    audited_by_hand(page)  # each page below at three widths, after its HTMX loads
    failures = []
    for path in pages_of(role):
        page.set_viewport_size(DESKTOP)
        page.goto(demo_site.url + path)
        page.wait_for_load_state("networkidle")
        for width, size in (("desktop", DESKTOP), ("phone", PHONE), ("200% zoom", ZOOMED)):
            page.set_viewport_size(size)
            try:
                audit(page, f"{role}, {language}, {width}")
            except AssertionError as error:
                failures.append(str(error))
            if sideways_scroll(page):  # the laptop too: the bar with its bell fits 1366 px
                failures.append(f"{page.url} scrolls sideways at {width} ({size['width']} px)")
    assert not failures, "\n\n".join(failures)
