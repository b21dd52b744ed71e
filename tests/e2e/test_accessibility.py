"""Issue 21: every page of every role, at desktop and phone width, in both languages, passes
axe-core's WCAG 2.1 A and AA rules, as do its HTMX states; keyboard-only journeys for staff
and for a leader."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from criteria.models import CriteriaSet
from proposals.models import Proposal
from reports.models import Target
from resolutions.codes import fold
from resolutions.models import Document, Unit
from tests.e2e.axe import audit
from tests.e2e.conftest import DESKTOP, PHONE, log_in
from tests.e2e.test_daily_work import staff_task
from tests.e2e.test_dashboards import SENTENCE_57

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


def test_the_sign_in_page_and_its_error_pass_axe(demo_site, page):
    page.goto(f"{demo_site.url}/login/")
    audit(page, "sign-in")
    page.get_by_label("Tên đăng nhập").fill("leader")
    page.get_by_label("Mật khẩu").fill("sai")
    with page.expect_navigation(wait_until="load"):  # the refusal's page, styled, not mid-load
        page.get_by_role("button", name="Đăng nhập").click()
    audit(page, "sign-in refused")
    assert User.objects.filter(username="leader").exists()


def tab_to(page, target, *, backwards: bool = False, limit: int = 60) -> None:
    """Press Tab (or Shift+Tab) until `target` has the focus, as a keyboard user would."""
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"{target} never got the focus in {limit} presses of Tab")


def sign_in_by_keyboard(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    tab_to(page, page.get_by_label("Tên đăng nhập"))
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Mật khẩu")).to_be_focused()
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base_url}/")


def focused_outline(page) -> str:
    return page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")


def test_staff_find_a_task_and_report_progress_with_the_keyboard_alone(demo_site, page):
    task = staff_task()
    sign_in_by_keyboard(page, demo_site.url, "staff")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    tab_to(page, page.get_by_role("link", name="Nhiệm vụ", exact=True), backwards=True)
    assert focused_outline(page) == "solid", "the focus is visible"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/tasks/$"))
    search = page.get_by_label("Tìm kiếm")
    tab_to(page, search)
    page.keyboard.type(fold(task.title))
    rows = page.locator("[data-testid=tasks] tbody tr[data-task]")
    expect(rows).to_have_count(1)
    expect(page.get_by_test_id("live-region")).to_have_text("1 nhiệm vụ")
    expect(search).to_be_focused()
    audit(page, "the list filtered by the keyboard")

    tab_to(page, rows.first.get_by_role("link", name=task.title))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(task.title)

    form = page.get_by_test_id("progress-form")
    percent = form.get_by_label("Tỷ lệ (%)")
    tab_to(page, percent)
    page.keyboard.press("Control+A")
    page.keyboard.type("150")
    tab_to(page, form.get_by_role("button", name="Lưu báo cáo"))
    page.keyboard.press("Enter")
    expect(percent).to_be_focused()
    expect(percent).to_have_attribute("aria-invalid", "true")
    error = page.locator(f"#{percent.get_attribute('aria-describedby').split()[-1]}")
    expect(error).to_be_visible()
    expect(percent).to_have_accessible_description(error.inner_text())
    expect(page.get_by_test_id("live-region")).to_have_text(error.inner_text())
    audit(page, "the progress form refusing 150%")

    page.keyboard.press("Control+A")
    page.keyboard.type("60")
    tab_to(page, form.get_by_role("button", name="Lưu báo cáo"))
    page.keyboard.press("Enter")
    expect(page.locator("[data-figure=percent]")).to_contain_text("60%")
    expect(page.get_by_test_id("live-region")).to_contain_text("60%")
    assert page.evaluate("() => document.activeElement !== document.body"), "the focus is kept"
    audit(page, "the task after a saved report")
    task.refresh_from_db()
    assert task.percent == 60


def test_a_leader_changes_a_dashboard_filter_with_the_keyboard_and_hears_the_sentence(
    demo_site, page
):
    sign_in_by_keyboard(page, demo_site.url, "leader")
    tab_to(page, page.get_by_role("link", name="57-NQ/TW"))
    page.keyboard.press("Enter")
    sentence = page.get_by_test_id("report-sentence")
    expect(sentence).to_have_text(SENTENCE_57)

    kind = page.get_by_label("Loại đơn vị")
    tab_to(page, kind)
    page.keyboard.press("ArrowDown")
    expect(page).to_have_url(re.compile(r"kind=\w+"))
    expect(sentence).not_to_have_text(SENTENCE_57)
    expect(page.get_by_test_id("live-region")).to_have_text(sentence.inner_text())
    expect(kind).to_be_focused()
    audit(page, "the dashboard after a filter changed by the keyboard")
    page.set_viewport_size(PHONE)
    audit(page, "the same on a phone")


@pytest.mark.parametrize("path", ["/documents/new/", "/tasks/new/", "/accounts/password_change/"])
def test_a_form_sent_empty_ties_each_error_to_its_field_and_passes_axe(demo_site, page, path):
    log_in(page, demo_site.url, "coordinator")
    page.goto(demo_site.url + path)
    form = page.locator("main form[method=post]").last
    required = form.locator("[required]")
    assert required.count() > 0, "required fields are marked for assistive technology"
    # The server's own checks, not the browser's: what a user meets after a wrong entry.
    form.evaluate("form => { form.noValidate = true; }")
    form.locator("button[type=submit]").last.press("Enter")
    invalid = page.locator("main [aria-invalid=true]")
    expect(invalid.first).to_be_visible()
    for index in range(invalid.count()):
        field = invalid.nth(index)
        described = field.get_attribute("aria-describedby") or ""
        errors = [i for i in described.split() if i.endswith("_error")]
        assert errors, f"{field.get_attribute('name')} names its error"
        expect(page.locator(f"[id='{errors[0]}']")).to_be_visible()
    audit(page, "the form with its errors")
    page.set_viewport_size(PHONE)
    audit(page, "the form with its errors, on a phone")
