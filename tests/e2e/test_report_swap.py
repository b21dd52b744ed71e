"""Issue 17 in a real browser: a saved progress report swaps only what it changed (status,
percent, the progress form, the history, the evidence) and the rest of the task page stays
as it was, element for element, with what the user had typed or opened there."""

from django.contrib.auth.models import User
from playwright.sync_api import expect

from tasks.models import Task
from tasks.services import blocker_raise
from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_daily_work import PDF, staff_task
from tests.e2e.test_finished_work import console_errors

# Parts of the task page a report that keeps the task open does not change.
KEPT = ["task-facts", "blockers", "extensions", "directions"]


def test_a_report_swaps_what_it_changed_and_the_page_keeps_the_rest(demo_site, page):
    errors = console_errors(page)
    task = staff_task()
    blocker_raise(user=User.objects.get(username="staff"), task=task, description="Chưa có máy chủ")
    log_in(page, demo_site.url, "staff")
    page.goto(f"{demo_site.url}/tasks/{task.pk}/")
    # the sections loaded after the page (explanations, directions) are in place
    page.wait_for_load_state("networkidle")
    for test_id in KEPT:
        page.get_by_test_id(test_id).evaluate("(element) => { element.dataset.kept = 'yes'; }")
    facts_before = page.get_by_test_id("task-facts").inner_text()
    extension = page.get_by_test_id("extensions")
    extension.get_by_text("Xin gia hạn").click()
    extension.get_by_label("Lý do").fill("Chờ bố trí kinh phí")

    form = page.get_by_test_id("progress-form")
    form.get_by_label("Tỷ lệ (%)").fill("70")
    form.get_by_label("Ghi chú").fill("Đã lắp đặt thiết bị")
    form.get_by_label("Tệp minh chứng").set_input_files(PDF)
    form.get_by_role("button", name="Lưu báo cáo").click()
    expect(page.locator("#messages")).to_contain_text("Đã lưu báo cáo tiến độ.")

    # what the report changed is shown anew
    expect(page.locator("[data-figure=percent]")).to_contain_text("70%")
    expect(page.get_by_test_id("history")).to_contain_text("Đã lắp đặt thiết bị")
    expect(page.get_by_test_id("evidence")).to_contain_text("bien-ban.pdf")
    # the rest is the very element it was, showing what it showed, the typing kept
    for test_id in KEPT:
        expect(page.locator(f"[data-testid={test_id}][data-kept=yes]")).to_have_count(1)
    facts = page.get_by_test_id("task-facts").inner_text()
    assert facts == facts_before.replace(f"{task.percent}%", "70%")  # units, deadline, state
    expect(extension.get_by_label("Lý do")).to_have_value("Chờ bố trí kinh phí")
    expect(page.locator("[data-blocker=open]").first).to_contain_text("Chưa có máy chủ")
    expect(page.locator("[data-figure=open-blockers]")).to_be_visible()

    # the form came back with the new version: a second report is not refused as stale
    form.get_by_label("Tỷ lệ (%)").fill("75")
    form.get_by_role("button", name="Lưu báo cáo").click()
    expect(page.locator("[data-figure=percent]")).to_contain_text("75%")
    expect(page.get_by_test_id("stale")).to_have_count(0)
    screenshot(page, "task-report-swapped")
    assert Task.objects.get(pk=task.pk).percent == 75
    page.reload()
    expect(page.locator("[data-figure=percent]")).to_contain_text("75%")
    expect(page.get_by_test_id("evidence")).to_contain_text("bien-ban.pdf")
    assert errors == []
