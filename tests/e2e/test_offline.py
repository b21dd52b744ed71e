"""Reports from where the signal is weak (issue 19), in Chromium with the network cut
(`context.set_offline`) and throttled (CDP): pages kept offline, reports queued and sent
once on reconnect, a conflict with the typed entries kept, nothing kept after sign-out."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tasks.models import Task, TaskChange
from tasks.services import task_report_progress
from tests.e2e.conftest import PHONE, log_in, screenshot
from tests.e2e.test_daily_work import staff_task
from tests.files import pdf_bytes


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


def report_offline(page, percent: str, note: str) -> None:
    form = page.get_by_test_id("progress-form")
    form.get_by_label("Tỷ lệ (%)").fill(percent)
    form.get_by_label("Ghi chú").fill(note)
    form.get_by_role("button", name="Lưu báo cáo").click()
    expect(page.locator("[data-outbox=waiting]")).to_contain_text("chờ gửi")


def open_task_kept(page, base_url: str, task: Task) -> None:
    page.goto(f"{base_url}/tasks/{task.pk}/")
    kept_for_offline(page)


def test_a_queued_report_on_a_task_changed_meanwhile_shows_the_conflict_keeping_the_entries(
    demo_site, phone
):
    task = staff_task()
    page = phone.new_page()
    log_in(page, demo_site.url, "staff")
    open_task_kept(page, demo_site.url, task)
    phone.set_offline(True)
    report_offline(page, "70", "Số liệu xã gửi lúc mất sóng")

    coordinator = User.objects.get(username="coordinator")
    task_report_progress(user=coordinator, task=task, status="in_progress", percent=90)
    phone.set_offline(False)

    stale = page.get_by_test_id("stale")
    expect(stale).to_be_visible(timeout=15_000)
    expect(stale).to_contain_text("90%")
    form = page.get_by_test_id("progress-form")
    expect(form.get_by_label("Tỷ lệ (%)")).to_have_value("70")
    expect(form.get_by_label("Ghi chú")).to_have_value("Số liệu xã gửi lúc mất sóng")
    expect(page.get_by_test_id("outbox")).to_be_hidden()
    screenshot(page, "offline-conflict-phone")
    assert Task.objects.get(pk=task.pk).percent == 90
    assert not TaskChange.objects.filter(task=task, after="70").exists()

    form.get_by_role("button", name="Lưu báo cáo").click()
    expect(page.locator("[data-figure=percent]")).to_contain_text("70%")
    assert TaskChange.objects.filter(task=task, field="percent", after="70").count() == 1


def test_a_report_whose_answer_was_lost_is_sent_again_and_recorded_once(demo_site, phone):
    task = staff_task()
    page = phone.new_page()
    log_in(page, demo_site.url, "staff")
    open_task_kept(page, demo_site.url, task)

    lost = []

    def lose_the_answer(route):
        if lost:
            route.fallback()
            return
        lost.append(route.request.url)
        route.fetch()  # the server records the report ...
        route.abort("connectionreset")  # ... but the phone never hears back

    page.route("**/progress/", lose_the_answer)
    page.get_by_test_id("progress-form").get_by_label("Tỷ lệ (%)").fill("55")
    page.get_by_test_id("progress-form").get_by_role("button", name="Lưu báo cáo").click()
    # Queued; or already sent again, where Background Sync fired at once.
    queued_or_sent = page.locator("[data-outbox], [data-figure=percent]:has-text('55%')")
    expect(queued_or_sent.first).to_be_visible()
    assert TaskChange.objects.filter(task=task, field="percent", after="55").count() == 1

    page.reload()
    expect(page.get_by_test_id("outbox")).to_be_hidden(timeout=15_000)
    expect(page.locator("[data-figure=percent]")).to_contain_text("55%")
    assert TaskChange.objects.filter(task=task, field="percent", after="55").count() == 1


def test_evidence_queued_offline_is_sent_with_its_report_showing_progress_on_a_slow_link(
    demo_site, phone, settings
):
    settings.EVIDENCE_MAX_BYTES = 400_000
    task = staff_task()
    page = phone.new_page()
    log_in(page, demo_site.url, "staff")
    open_task_kept(page, demo_site.url, task)
    network = phone.new_cdp_session(page)
    network.send("Network.enable")
    cut = {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    network.send("Network.emulateNetworkConditions", cut)

    form = page.get_by_test_id("progress-form")
    big = {"name": "qua-lon.pdf", "mimeType": "application/pdf", "buffer": b"%PDF" + b"0" * 500_000}
    form.get_by_label("Tệp minh chứng").set_input_files(big)
    form.get_by_role("button", name="Lưu báo cáo").click()
    expect(page.get_by_test_id("outbox")).to_be_hidden()

    scan = {"name": "bien-ban-xa.pdf", "mimeType": "application/pdf"}
    scan_bytes = pdf_bytes(at_least=300_000)
    form.get_by_label("Tệp minh chứng").set_input_files({**scan, "buffer": scan_bytes})
    report_offline(page, "80", "Kèm biên bản")

    slow = {
        "offline": False,
        "latency": 300,
        "downloadThroughput": 64_000,
        "uploadThroughput": 60_000,
    }
    network.send("Network.emulateNetworkConditions", slow)
    expect(page.locator("[data-outbox] progress:not([hidden])")).to_be_visible(timeout=10_000)
    screenshot(page, "offline-sending-phone")
    expect(page.get_by_test_id("outbox")).to_be_hidden(timeout=30_000)
    expect(page.get_by_test_id("evidence")).to_contain_text("bien-ban-xa.pdf")
    assert task.evidence.get().size == len(scan_bytes)


def test_after_sign_out_another_user_on_the_same_phone_never_sees_the_first_users_pages(
    demo_site, phone
):
    task = staff_task()
    page = phone.new_page()
    log_in(page, demo_site.url, "staff")
    page.goto(f"{demo_site.url}/tasks/")
    kept_for_offline(page)
    page.get_by_role("button", name="Trình đơn").click()
    page.get_by_test_id("current-user").click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()
    assert page.evaluate("caches.keys()") == []

    log_in(page, demo_site.url, "leader")
    expect(page.get_by_test_id("current-user")).to_be_attached()
    phone.set_offline(True)
    for url in (f"{demo_site.url}/tasks/", f"{demo_site.url}/tasks/{task.pk}/"):
        try:
            page.goto(url)
        except PlaywrightError:
            continue  # nothing kept for this page: the browser's own offline page
        expect(page.get_by_test_id("current-user")).not_to_contain_text("staff")
        expect(
            page.locator(f"body[data-user='{User.objects.get(username='staff').pk}']")
        ).to_have_count(0)


def test_a_blocker_raised_offline_waits_and_is_raised_once_on_reconnect(demo_site, phone):
    task = staff_task()
    page = phone.new_page()
    log_in(page, demo_site.url, "staff")
    open_task_kept(page, demo_site.url, task)
    phone.set_offline(True)
    section = page.get_by_test_id("blockers")
    section.get_by_text("Báo cáo vướng mắc").click()
    section.get_by_role("textbox").fill("Mất sóng, chưa gửi được biên bản")
    section.get_by_role("button", name="Gửi vướng mắc").click()
    expect(page.locator("[data-outbox=waiting]")).to_contain_text("Vướng mắc")

    phone.set_offline(False)
    expect(page.get_by_test_id("outbox")).to_be_hidden(timeout=15_000)
    expect(section.locator("[data-blocker=open]")).to_contain_text("Mất sóng")
    assert task.blockers.filter(description__startswith="Mất sóng").count() == 1
