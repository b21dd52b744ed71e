from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, log_in, screenshot


def test_leader_logs_in_and_reads_the_seed_figures(demo_site, page):
    log_in(page, demo_site.url, "leader")
    row_57 = page.locator("tr[data-code='57-NQ/TW']")
    expect(row_57.locator("[data-figure=total]")).to_have_text("75")
    expect(row_57.locator("[data-figure=completed]")).to_have_text("32")
    expect(row_57.locator("[data-figure=completion_rate]")).to_have_text("42,7%")
    row_kl = page.locator("tr[data-code='02-KL/BCĐ']")
    expect(row_kl.locator("[data-figure=total]")).to_have_text("62")
    expect(row_kl.locator("[data-figure=completed]")).to_have_text("19")
    expect(row_kl.locator("[data-figure=completion_rate]")).to_have_text("30,6%")
    screenshot(page, "home-desktop")
    page.set_viewport_size(PHONE)
    expect(row_57.locator("[data-figure=completion_rate]")).to_be_visible()
    screenshot(page, "home-phone")


def test_wrong_password_gets_a_message(demo_site, page):
    page.goto(f"{demo_site.url}/login/")
    page.get_by_label("Tên đăng nhập").fill("leader")
    page.get_by_label("Mật khẩu").fill("sai")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("leader")
