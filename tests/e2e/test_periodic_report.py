"""Issue 14 in a real browser: the periodic report page previews and downloads the report,
and a dashboard prints without navigation or filters, the sentence on top."""

from io import BytesIO

from docx import Document as WordDocument
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import log_in, screenshot

SENTENCE_57 = (
    "Được giao 75 nhiệm vụ; đến nay đã hoàn thành 32 nhiệm vụ (tỷ lệ 42,7%), đang triển khai "
    "43 nhiệm vụ, trong đó có 2 nhiệm vụ quá hạn (tỷ lệ 2,7%)."
)


def test_leader_previews_the_year_report_and_downloads_it_in_word(demo_site, page):
    log_in(page, demo_site.url, "leader")
    page.get_by_role("link", name="Báo cáo định kỳ").click()
    page.get_by_label("Văn bản").select_option(label="57-NQ/TW (2024)")
    page.get_by_label("Kỳ báo cáo").select_option("year")
    page.get_by_label("Năm", exact=True).fill("2025")
    page.get_by_role("button", name="Xem trước").click()
    preview = page.get_by_test_id("periodic-report")
    expect(preview.get_by_test_id("report-sentence")).to_have_text(SENTENCE_57)
    expect(preview).to_contain_text("ĐẢNG CỘNG SẢN VIỆT NAM")
    screenshot(page, "periodic-report-preview")
    with page.expect_download() as download:
        page.get_by_test_id("downloads").get_by_role("link", name="DOCX").click()
    assert download.value.suggested_filename.endswith(".docx")
    word = WordDocument(download.value.path())
    assert SENTENCE_57 in [paragraph.text for paragraph in word.paragraphs]


def test_dashboard_prints_without_navigation_or_filters_the_sentence_on_top(demo_site, page):
    log_in(page, demo_site.url, "leader")
    page.get_by_role("link", name="57-NQ/TW").click()
    expect(page.get_by_test_id("report-sentence")).to_have_text(SENTENCE_57)
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.locator("form.dashboard-filters")).to_be_hidden()
    sentence = page.get_by_test_id("report-sentence").bounding_box()
    units = page.get_by_test_id("units").bounding_box()
    assert sentence and units and sentence["y"] < units["y"]
    screenshot(page, "dashboard-print")
    printed = PdfReader(BytesIO(page.pdf(format="A4")))
    assert len(printed.pages) > 1  # the tables run on, breaking across pages
    first_page = " ".join(printed.pages[0].extract_text().split())
    assert "Được giao 75 nhiệm vụ" in first_page
    assert "Đăng xuất" not in first_page
