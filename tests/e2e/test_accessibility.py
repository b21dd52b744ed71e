"""Issue 21: the sign-in page, the HTMX states and forms sent empty pass axe-core's WCAG 2.1
A and AA rules; keyboard-only journeys for staff and for a leader. Every page of every role:
test_every_page_audited.py."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from resolutions.codes import fold
from tests.e2e.axe import audit
from tests.e2e.conftest import PHONE, log_in
from tests.e2e.test_daily_work import staff_task
from tests.e2e.test_dashboards import SENTENCE_57


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
