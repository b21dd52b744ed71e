"""Issue 16 in a real browser, at desktop and phone size: the staff's landing list, a
drill-down row opening its task, a bulk assignment previewed, confirmed and undone, a
message after an htmx save, a 403 page in Vietnamese, a day typed and shown as dd/mm/yyyy
in an English-language browser, and the unit picker finding "Hòa Cường" from "hoa cuong".
Each test checks that the browser's console logged no error."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from reports.counting import in_state
from resolutions.models import Document, Unit
from tasks.models import Extension, Task
from tasks.selectors import task_list
from tests.conftest import TODAY
from tests.e2e.conftest import DESKTOP, PHONE, log_in, screenshot

SIZES = {"desktop": DESKTOP, "phone": PHONE}


def console_errors(page) -> list[str]:
    """The errors the page logs from now on (console errors and uncaught exceptions)."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def new_page(browser, size: str, locale: str = "vi-VN"):
    """A fresh context per user (a shared one keeps the service worker and old cookies)."""
    context = browser.new_context(viewport=SIZES[size], locale=locale)
    return context.new_page()


@pytest.fixture(params=list(SIZES))
def size(request) -> str:
    return request.param


def test_staff_list_opens_on_overdue_tasks_first(demo_site, browser, size):
    page = new_page(browser, size)
    errors = console_errors(page)
    log_in(page, demo_site.url, "staff")
    page.goto(f"{demo_site.url}/tasks/")
    rows = page.locator("[data-testid=tasks] tbody tr[data-task]")
    expect(rows.first).to_be_visible()
    staff = User.objects.get(username="staff")
    expected = list(task_list(user=staff, as_of=TODAY).values_list("pk", flat=True)[:25])
    overdue = task_list(user=staff, as_of=TODAY).filter(in_state("overdue", as_of=TODAY)).count()
    assert overdue > 0
    assert [int(pk) for pk in rows.evaluate_all("rows => rows.map(r => r.dataset.task)")] == (
        expected
    )
    expect(rows.first.locator("[data-due=overdue]")).to_be_visible()
    expect(page.get_by_label("Sắp xếp")).to_have_value("attention")
    screenshot(page, f"staff-list-{size}")
    page.context.close()
    assert errors == []


def test_a_drill_down_row_opens_its_task_and_leads_back(demo_site, browser, size):
    page = new_page(browser, size)
    errors = console_errors(page)
    log_in(page, demo_site.url, "leader")
    nq57 = Document.objects.get(code="57-NQ/TW")
    page.goto(f"{demo_site.url}/reports/documents/{nq57.pk}/")
    page.locator("[data-figure=overdue]").click()
    expect(page).to_have_url(re.compile(r"state=overdue"))
    row = page.locator("[data-testid=tasks] tbody tr[data-task]").first
    task = Task.objects.get(pk=row.get_attribute("data-task"))
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(task.title)
    page.get_by_role("link", name=f"Số liệu của {nq57.label}").click()
    expect(page).to_have_url(re.compile(rf"/reports/documents/{nq57.pk}/"))
    overdue_row = page.get_by_test_id("overdue").locator("tbody tr[data-task]").first
    expect(overdue_row.get_by_role("link")).to_be_visible()
    screenshot(page, f"dashboard-{size}")
    page.context.close()
    assert errors == []


def test_a_bulk_assignment_is_previewed_confirmed_and_undone(demo_site, browser, size):
    page = new_page(browser, size)
    errors = console_errors(page)
    log_in(page, demo_site.url, "coordinator")
    page.goto(f"{demo_site.url}/tasks/new/")
    form = page.get_by_test_id("task-form")
    form.get_by_label("Văn bản", exact=True).select_option(index=1)
    title = "Rà soát thủ tục hành chính trên môi trường số"
    form.get_by_label("Tiêu đề").fill(title)
    form.get_by_label("Giao thêm cho tất cả xã, phường, đặc khu thuộc").select_option(
        label="Đà Nẵng"
    )
    form.get_by_label("Ngày giao").fill("29/09/2025")
    form.get_by_label("Hạn", exact=True).fill("31/12/2025")
    form.get_by_role("button", name="Lưu").click()

    communes = Unit.objects.filter(
        path__startswith="DN/", kind__in=["commune", "ward", "special_zone"], is_active=True
    ).count()
    before = Task.objects.count()
    expect(page.get_by_test_id("assign-count")).to_contain_text(f"Sẽ giao {communes} nhiệm vụ")
    assert Task.objects.count() == before  # nothing created before the confirmation
    screenshot(page, f"assign-preview-{size}")
    page.get_by_role("button", name=f"Giao {communes} nhiệm vụ").click()

    expect(page.locator("#messages")).to_contain_text(f"Đã giao {communes} nhiệm vụ")
    expect(page.get_by_test_id("task-count")).to_have_text(f"{communes} nhiệm vụ")
    assert Task.objects.count() == before + communes
    screenshot(page, f"assign-result-{size}")

    page.get_by_label("Lý do hoàn tác").fill("Giao nhầm văn bản")
    page.get_by_role("button", name="Hoàn tác việc giao này").click()
    expect(page.locator("#messages")).to_contain_text(
        f"Đã hoàn tác: dừng thực hiện {communes} nhiệm vụ."
    )
    expect(page.get_by_test_id("batch-undone")).to_contain_text("Giao nhầm văn bản")
    assert Task.objects.filter(title=title, status=Task.Status.CANCELLED).count() == communes
    page.context.close()
    assert errors == []


def test_a_message_follows_an_htmx_save(demo_site, browser, size):
    page = new_page(browser, size)
    errors = console_errors(page)
    log_in(page, demo_site.url, "staff")
    task = (
        Task.objects.filter(lead_unit__code="DN-SKHCN", status=Task.Status.IN_PROGRESS)
        .exclude(extensions__status=Extension.Status.PENDING)
        .order_by("id")
        .first()
    )
    page.goto(f"{demo_site.url}/tasks/{task.pk}/")
    form = page.get_by_test_id("progress-form")
    form.get_by_label("Tỷ lệ (%)").fill("150")
    form.get_by_role("button", name="Lưu báo cáo").click()
    expect(form.locator("[data-error-for=percent]")).to_have_text("Giá trị không được lớn hơn 100.")
    page.get_by_test_id("progress-form").get_by_label("Tỷ lệ (%)").fill("65")
    page.get_by_test_id("progress-form").get_by_role("button", name="Lưu báo cáo").click()
    expect(page.locator("#messages")).to_contain_text("Đã lưu báo cáo tiến độ.")
    expect(page.locator("[data-figure=percent]")).to_contain_text("65%")
    expect(page).to_have_url(f"{demo_site.url}/tasks/{task.pk}/")  # swapped, not reloaded
    screenshot(page, f"task-saved-{size}")
    page.context.close()
    assert errors == []


def test_a_refusal_is_a_vietnamese_page_with_the_reason(demo_site, browser, size):
    page = new_page(browser, size, locale="en-US")
    errors = console_errors(page)
    log_in(page, demo_site.url, "leader")
    response = page.goto(f"{demo_site.url}/tasks/new/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bạn không có quyền thực hiện việc này"
    )
    expect(page.get_by_test_id("error-reason")).to_have_text(
        "Chỉ điều phối viên và quản trị viên được thực hiện thao tác này."
    )
    expect(page.get_by_role("link", name="Về trang đầu")).to_be_visible()
    screenshot(page, f"forbidden-{size}")
    page.context.close()
    # Chromium logs the page's own 403 status; nothing else may be logged.
    assert [e for e in errors if "status of 403" not in e] == []


def test_a_day_is_typed_and_shown_as_dd_mm_yyyy_in_an_english_browser(demo_site, browser, size):
    page = new_page(browser, size, locale="en-US")
    errors = console_errors(page)
    log_in(page, demo_site.url, "coordinator")
    nq57 = Document.objects.get(code="57-NQ/TW")
    page.goto(f"{demo_site.url}/reports/documents/{nq57.pk}/")
    as_of = page.get_by_label("Tính đến ngày")
    expect(as_of).to_have_value("30/09/2025")

    page.goto(f"{demo_site.url}/tasks/new/")
    form = page.get_by_test_id("task-form")
    form.get_by_label("Văn bản", exact=True).select_option(index=1)
    form.get_by_label("Tiêu đề").fill("Ban hành quy chế quản lý dữ liệu số")
    picker = form.get_by_placeholder("Tìm đơn vị").first
    picker.fill("so noi vu")
    picker.press("Enter")
    assigned = form.get_by_label("Ngày giao")
    expect(assigned).to_have_attribute("placeholder", "dd/mm/yyyy")
    assigned.fill("1/9/2025")
    assigned.press("ArrowUp")  # a day later, from the keyboard
    expect(assigned).to_have_value("02/09/2025")
    form.get_by_label("Hạn", exact=True).fill("05/10/2025")
    form.get_by_role("button", name="Lưu").click()
    expect(page.locator("#messages")).to_contain_text("Đã giao nhiệm vụ.")
    task = Task.objects.get(title="Ban hành quy chế quản lý dữ liệu số")
    assert (task.assigned_on.isoformat(), task.deadline.isoformat()) == (
        "2025-09-02",
        "2025-10-05",
    )
    expect(page.locator("[data-figure=deadline]")).to_have_text("05/10/2025")
    screenshot(page, f"day-typed-{size}")
    page.context.close()
    assert errors == []


def test_the_unit_picker_finds_hoa_cuong_from_hoa_cuong(demo_site, browser, size):
    page = new_page(browser, size)
    errors = console_errors(page)
    log_in(page, demo_site.url, "coordinator")
    page.goto(f"{demo_site.url}/tasks/new/")
    form = page.get_by_test_id("task-form")
    search = form.get_by_placeholder("Tìm đơn vị").first
    search.fill("hoa cuong")
    shown = form.get_by_label("Đơn vị chủ trì").locator("option:not([hidden])")
    expect(shown).to_have_text(["Phường Hòa Cường"])
    search.press("Enter")
    expect(form.locator(".unit-picker-chosen").first).to_have_text("Đã chọn: Phường Hòa Cường")
    search.fill("")
    form.get_by_role(
        "button", name=re.compile(r"Chọn tất cả “Thành phố Đà Nẵng: các xã")
    ).first.click()
    communes = Unit.objects.filter(
        parent__code="DN", kind__in=["commune", "ward", "special_zone"], is_active=True
    ).count()
    chosen = form.locator(".unit-picker-chosen").first
    expect(chosen).to_have_text(re.compile(rf"^Đã chọn: .*\({communes}\)$"))
    screenshot(page, f"unit-picker-{size}")
    page.context.close()
    assert errors == []
