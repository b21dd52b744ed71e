"""Issue 14 in a real browser: a coordinator uploads a spreadsheet of tasks, sees the row
in error, fixes the file, uploads it again and completes the import, watching the progress
bar (the import runs as a Celery task: eager in tests, polled by htmx all the same)."""

from io import BytesIO

from openpyxl import Workbook
from playwright.sync_api import expect

from tasks.models import Task
from tests.e2e.conftest import log_in, screenshot
from tests.tasks.import_files import HEADER, task_row

ROWS = 30
SLOW_MS = 30_000


def xlsx(rows: list[list]) -> dict:
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return {
        "name": "nhiem-vu.xlsx",
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": buffer.getvalue(),
    }


def test_coordinator_fixes_a_bad_row_and_imports_with_the_progress_bar(demo_site, page, settings):
    settings.TASK_IMPORT_SYNC_ROWS = 10  # 30 rows: through Celery and the progress bar
    before = Task.objects.count()
    # the coordinator of Đà Nẵng imports into a document Đà Nẵng issued (issue 13)
    rows = [
        task_row(n, document="05-NQ/TU", title=f"Nhập thử nhiệm vụ chuyển đổi số {n}")
        for n in range(ROWS)
    ]
    bad = [
        *rows[:7],
        task_row(7, document="05-NQ/TU", title="Nhập thử 7", lead_unit="DN-KHONG-CO"),
        *rows[8:],
    ]
    log_in(page, demo_site.url, "coordinator")
    page.goto(f"{demo_site.url}/tasks/import/")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(xlsx(bad))
    page.get_by_role("button", name="Kiểm tra tệp").click()

    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("9")
    expect(errors).to_contain_text("Mã đơn vị chủ trì")
    expect(errors).to_contain_text("Không có đơn vị mã “DN-KHONG-CO”.")
    expect(page.get_by_role("button", name=f"Tạo {ROWS} nhiệm vụ")).to_have_count(0)
    screenshot(page, "import-preview-error")

    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(xlsx(rows))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_test_id("import-counts")).to_contain_text(f"{ROWS} dòng hợp lệ")
    page.get_by_role("button", name=f"Tạo {ROWS} nhiệm vụ").click()

    # the import runs in the request here (eager Celery): a loaded CI machine may take a while
    expect(page.get_by_test_id("import-progress")).to_be_visible(timeout=SLOW_MS)
    expect(page.get_by_test_id("import-done")).to_contain_text(
        f"Đã tạo {ROWS} nhiệm vụ.", timeout=SLOW_MS
    )
    expect(page.get_by_test_id("import-progress")).to_have_attribute("value", "100")
    screenshot(page, "import-done")
    assert Task.objects.count() == before + ROWS
