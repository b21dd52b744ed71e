from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, log_in, screenshot


def test_staff_see_the_unread_count_and_mark_a_notification_read(demo_site, page):
    log_in(page, demo_site.url, "staff")
    badge = page.get_by_test_id("notification-badge")
    expect(badge).to_have_text("1 chưa đọc")
    page.get_by_role("link", name="Thông báo").click()
    item = page.get_by_test_id("notification").first
    expect(item).to_contain_text("Quá hạn:")
    screenshot(page, "notifications-desktop")
    item.get_by_role("button", name="Đánh dấu đã đọc").click()
    expect(item.get_by_role("button", name="Đánh dấu đã đọc")).to_have_count(0)
    expect(badge).to_have_text("")
    page.set_viewport_size(PHONE)
    # the bell stays outside the collapsed menu: reachable on a phone without opening it
    expect(page.get_by_role("link", name="Thông báo")).to_be_visible()
    screenshot(page, "notifications-phone")
