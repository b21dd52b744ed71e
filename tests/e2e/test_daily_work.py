"""The daily journeys of issue 3 in a real browser: staff report, ask and raise a blocker, a
coordinator decides, and a form opened before that decision is refused as stale without
losing what was typed."""

import re

from django.contrib.auth.models import User
from playwright.sync_api import expect

from resolutions.codes import fold
from resolutions.models import Unit
from tasks.models import Extension, Task
from tasks.selectors import task_list
from tests.conftest import TODAY
from tests.e2e.conftest import DESKTOP, PHONE, log_in, screenshot
from tests.files import pdf_bytes

PDF = {"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}


def staff_task() -> Task:
    """An open task of the staff login's unit, with a deadline and nothing pending."""
    return (
        Task.objects.filter(
            lead_unit__code="DN-SKHCN",
            status=Task.Status.IN_PROGRESS,
            deadline__isnull=False,
            extension_count=0,
        )
        .exclude(extensions__status=Extension.Status.PENDING)
        .order_by("id")
        .first()
    )


def both_widths(page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def test_staff_reports_and_asks_then_a_coordinator_approves(demo_site, browser, page):
    task = staff_task()
    log_in(page, demo_site.url, "staff")
    page.goto(f"{demo_site.url}/tasks/")
    rows = page.locator("[data-testid=tasks] tbody tr[data-task]")
    expect(rows.first).to_be_visible()
    page.get_by_label("Tìm kiếm").fill("chuyen doi so")
    expect(page).to_have_url(re.compile(r"q=chuyen(\+|%20)doi(\+|%20)so"))
    expect(rows.first).to_contain_text(re.compile("chuyển đổi số", re.IGNORECASE))
    both_widths(page, "tasks-list")
    page.get_by_label("Tìm kiếm").fill("")
    page.get_by_label("Hạn", exact=True).select_option("overdue")
    expect(page).to_have_url(re.compile(r"due=overdue"))
    overdue = task_list(user=User.objects.get(username="staff"), as_of=TODAY, due="overdue")
    expect(page.get_by_test_id("task-count")).to_have_text(f"{overdue.count()} nhiệm vụ")
    expect(page.locator("[data-due=overdue]")).to_have_count(overdue.count())
    page.get_by_label("Hạn", exact=True).select_option("")
    expect(page).to_have_url(re.compile(r"due=&"))
    # issue 20: several statuses, ticked in a menu whose button names them
    menu = page.locator("#id_status_menu")
    menu.click()
    page.get_by_role("checkbox", name="Chưa triển khai", exact=True).check()
    page.get_by_role("checkbox", name="Đã hoàn thành", exact=True).check()
    expect(page).to_have_url(re.compile(r"status=not_started&status=completed"))
    chosen = task_list(
        user=User.objects.get(username="staff"), as_of=TODAY, status=["not_started", "completed"]
    )
    expect(page.get_by_test_id("task-count")).to_have_text(f"{chosen.count()} nhiệm vụ")
    expect(menu).to_have_accessible_name("Trạng thái Chưa triển khai, Đã hoàn thành")
    page.get_by_role("checkbox", name="Chưa triển khai", exact=True).uncheck()
    page.get_by_role("checkbox", name="Đã hoàn thành", exact=True).uncheck()
    expect(menu).to_have_text("Mọi trạng thái")
    page.keyboard.press("Escape")

    page.get_by_label("Tìm kiếm").fill(fold(task.title))
    expect(page).to_have_url(re.compile(r"q=" + fold(task.title).split()[0]))
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(task.title)

    form = page.get_by_test_id("progress-form")
    form.get_by_label("Tỷ lệ (%)").fill("150")
    form.get_by_label("Ghi chú").fill("Đã hoàn thành dự thảo đề án")
    form.get_by_role("button", name="Lưu báo cáo").click()
    expect(form.locator("[data-error-for=percent]")).to_be_visible()
    expect(form.get_by_label("Ghi chú")).to_have_value("Đã hoàn thành dự thảo đề án")

    form.get_by_label("Tỷ lệ (%)").fill("60")
    form.get_by_label("Tệp minh chứng").set_input_files(PDF)
    form.get_by_role("button", name="Lưu báo cáo").click()
    expect(page.locator("[data-figure=percent]")).to_contain_text("60%")
    expect(page.get_by_test_id("evidence")).to_contain_text("bien-ban.pdf")

    page.get_by_text("Xin gia hạn").click()
    extension = page.get_by_test_id("extensions")
    extension.get_by_label("Hạn mới").fill("2026-12-31")
    extension.get_by_label("Lý do").fill("Chờ bố trí kinh phí")
    extension.get_by_role("button", name="Gửi đề nghị").click()
    expect(extension.locator("[data-extension=pending]")).to_contain_text("31/12/2026")

    open_before = task.blockers.filter(resolved_on__isnull=True).count()
    blockers = page.get_by_test_id("blockers")
    blockers.get_by_text("Báo cáo vướng mắc").click()
    blockers.get_by_label("Nội dung vướng mắc").fill("Chưa có mặt bằng đặt máy chủ")
    blockers.get_by_role("button", name="Gửi vướng mắc").click()
    expect(blockers.locator("[data-blocker=open]").first).to_contain_text("Chưa có mặt bằng")
    expect(page.locator("[data-figure=open-blockers]")).to_have_text(
        f"{open_before + 1} vướng mắc chưa giải quyết"
    )
    both_widths(page, "task-detail")

    coordinator = browser.new_context(viewport=DESKTOP, locale="vi-VN").new_page()
    log_in(coordinator, demo_site.url, "coordinator")
    coordinator.goto(f"{demo_site.url}/tasks/review/")
    row = coordinator.locator("tr", has_text=task.title)
    both_widths(coordinator, "review-queue")
    row.get_by_role("button", name="Duyệt").click()
    expect(row.get_by_test_id("decision")).to_have_text("Đã duyệt")

    # The staff page was opened before the approval: its form is stale now.
    form.get_by_label("Tỷ lệ (%)").fill("65")
    form.get_by_label("Ghi chú").fill("Báo cáo của đơn vị")
    form.get_by_role("button", name="Lưu báo cáo").click()
    expect(page.get_by_test_id("stale")).to_be_visible()
    expect(form.get_by_label("Ghi chú")).to_have_value("Báo cáo của đơn vị")
    expect(form.get_by_label("Tỷ lệ (%)")).to_have_value("65")
    assert Task.objects.get(pk=task.pk).percent == 60
    both_widths(page, "task-stale")

    page.reload()
    expect(page.locator("[data-figure=deadline]")).to_have_text("31/12/2026")
    expect(page.locator("[data-figure=extensions]")).to_have_text("1")
    expect(page.get_by_test_id("extensions")).to_contain_text("Đã duyệt")


def open_add_menu(page):
    # Bootstrap's menus open once its deferred script has run: a click before the page's
    # load would follow the toggle's bare "#" link instead.
    page.wait_for_load_state()
    page.get_by_role("button", name="Thêm mới").click()


def test_coordinator_enters_a_document_and_assigns_it_to_every_commune(demo_site, page):
    log_in(page, demo_site.url, "coordinator")
    # the forms that add things sit under one menu, so the nav fits one line on a laptop
    open_add_menu(page)
    page.get_by_role("link", name="Thêm văn bản").click()
    form = page.get_by_test_id("document-form")
    form.get_by_label("Số ký hiệu").fill("abc")
    form.get_by_label("Ngày ban hành").fill("2025-09-15")
    title = "Kế hoạch triển khai Nghị quyết 57 tại cơ sở"
    form.get_by_label("Tiêu đề").fill(title)
    form.get_by_role("button", name="Lưu").click()
    expect(form.locator("[data-error-for=code]")).to_contain_text("57-NQ/TW")
    expect(form.get_by_label("Tiêu đề")).to_have_value(
        "Kế hoạch triển khai Nghị quyết 57 tại cơ sở"
    )
    both_widths(page, "document-form-error")
    form.get_by_label("Số ký hiệu").fill("12-kh/tu")
    form.get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(re.compile(r"/tasks/\?document="))

    open_add_menu(page)
    page.locator(".dropdown-menu").get_by_role("link", name="Giao nhiệm vụ").click()
    form = page.get_by_test_id("task-form")
    form.get_by_label("Văn bản", exact=True).select_option(label="12-KH/TU (2025)")
    form.get_by_label("Tiêu đề").fill("Rà soát thủ tục hành chính trên môi trường số")
    form.get_by_label("Giao thêm cho tất cả xã, phường, đặc khu thuộc").select_option(
        label="Đà Nẵng"
    )
    form.get_by_placeholder("Tìm đơn vị").last.fill("so noi vu")
    form.get_by_label("Đơn vị phối hợp").select_option(label="Sở Nội vụ")
    form.get_by_label("Ngày giao").fill("20/09/2025")
    form.get_by_label("Hạn", exact=True).fill("31/12/2025")
    both_widths(page, "task-form")
    form.get_by_role("button", name="Lưu").click()
    communes = Unit.objects.filter(
        path__startswith="DN/", kind__in=["commune", "ward", "special_zone"], is_active=True
    ).count()
    page.get_by_role("button", name=f"Giao {communes} nhiệm vụ").click()  # issue 16: preview
    expect(page.get_by_test_id("task-count")).to_have_text(f"{communes} nhiệm vụ")
