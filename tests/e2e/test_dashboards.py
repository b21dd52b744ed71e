import re

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, log_in, screenshot

SENTENCE_57 = (
    "Được giao 75 nhiệm vụ; đến nay đã hoàn thành 32 nhiệm vụ (tỷ lệ 42,7%), đang triển khai "
    "43 nhiệm vụ, trong đó có 2 nhiệm vụ quá hạn (tỷ lệ 2,7%)."
)


def test_leader_filters_the_dashboard_and_goes_back_in_time(demo_site, page):
    log_in(page, demo_site.url, "leader")
    page.get_by_role("link", name="57-NQ/TW").click()
    sentence = page.get_by_test_id("report-sentence")
    expect(sentence).to_have_text(SENTENCE_57)
    expect(page.locator("canvas[data-chart=trend-chart]")).to_be_visible()
    screenshot(page, "dashboard-desktop")

    page.get_by_label("Loại đơn vị").select_option("department")
    expect(page).to_have_url(re.compile(r"kind=department"))
    expect(sentence).not_to_have_text(SENTENCE_57)
    department_total = page.locator("[data-figure=total]").inner_text()
    assert 0 < int(department_total) < 75

    page.get_by_label("Loại đơn vị").select_option("")
    page.get_by_label("Tính đến ngày").fill("30/06/2025")  # issue 16: typed as dd/mm/yyyy
    page.get_by_label("Tính đến ngày").press("Tab")
    expect(page.get_by_test_id("as-of")).to_contain_text("30/06/2025")
    expect(page).to_have_url(re.compile(r"as_of=30%2F06%2F2025"))
    completed_then = int(page.locator("[data-figure=completed]").inner_text())
    assert completed_then < 32
    expect(page.get_by_text("Nguy cơ chỉ được đánh giá cho ngày hôm nay")).to_be_visible()

    page.set_viewport_size(PHONE)
    page.get_by_label("Tính đến ngày").fill("30/09/2025")
    page.get_by_label("Tính đến ngày").press("Tab")
    expect(sentence).to_have_text(SENTENCE_57)
    screenshot(page, "dashboard-phone")


def test_overdue_figure_drills_down_to_its_tasks(demo_site, page):
    log_in(page, demo_site.url, "leader")
    page.get_by_role("link", name="57-NQ/TW").click()
    page.locator("a:has([data-figure=overdue])").click()
    expect(page.get_by_test_id("task-count")).to_contain_text("2 nhiệm vụ")
    expect(page.get_by_test_id("tasks").locator("tbody tr")).to_have_count(2)
