"""Reports from where the signal is weak (issue 19), in Chromium with the network cut
(`context.set_offline`) and throttled (CDP): pages kept offline, reports queued and sent
once on reconnect, a conflict with the typed entries kept, nothing kept after sign-out."""

import pytest
from playwright.sync_api import expect

from tasks.models import Task, TaskChange
from tests.e2e.conftest import PHONE, log_in, screenshot
from tests.e2e.test_daily_work import staff_task


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    yield context
    context.close()


def kept_for_offline(page) -> None:
    """Wait until the service worker has kept this page and the tasks it lists."""
    expect(page.locator("body[data-kept]")).to_have_count(1, timeout=30_000)


def test_staff_report_offline_and_it_is_recorded_once_on_reconnect(demo_site, phone):
    task = staff_task()
    page = phone.new_page()
    log_in(page, demo_site.url, "staff")
    page.goto(f"{demo_site.url}/tasks/")
    kept_for_offline(page)

    phone.set_offline(True)
    page.goto(f"{demo_site.url}/tasks/")
    expect(page.get_by_test_id("offline-copy")).to_be_visible()
    expect(page.get_by_test_id("offline-copy")).to_contain_text("cập nhật lúc")
    page.locator(f"tr[data-task='{task.pk}'] a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(task.title)
    expect(page.get_by_test_id("offline-copy")).to_be_visible()

    form = page.get_by_test_id("progress-form")
    form.get_by_label("Tỷ lệ (%)").fill("65")
    form.get_by_label("Ghi chú").fill("Báo cáo từ xã vùng lõm sóng")
    form.get_by_role("button", name="Lưu báo cáo").click()
    expect(page.locator("[data-outbox=waiting]")).to_contain_text("chờ gửi")
    screenshot(page, "offline-waiting-phone")
    assert Task.objects.get(pk=task.pk).percent == task.percent

    phone.set_offline(False)
    expect(page.get_by_test_id("outbox")).to_be_hidden(timeout=15_000)
    expect(page.locator("[data-figure=percent]")).to_contain_text("65%")
    notes = page.get_by_test_id("history").get_by_text("Báo cáo từ xã vùng lõm sóng")
    expect(notes).to_have_count(1)
    assert TaskChange.objects.filter(task=task, field="percent", after="65").count() == 1
