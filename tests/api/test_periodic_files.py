"""The periodic report's files on the demo data: opened as Word, Excel and PDF, they say
what /api/v1/summary/ says on the same day."""

from io import BytesIO
from urllib.parse import unquote

import pytest
from django.contrib.auth import get_user_model
from docx import Document as WordDocument
from docx.shared import Mm, Pt
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.spreadsheets import HEADER_ROW

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/periodic/"
PAST = {"document": "57-NQ/TW", "start": "2025-01-01", "end": "2025-06-30"}
TODAY_57 = {"document": "57-NQ/TW", "start": "2025-07-01", "end": "2025-09-30"}
SENTENCE_57 = (
    "Được giao 75 nhiệm vụ; đến nay đã hoàn thành 32 nhiệm vụ (tỷ lệ 42,7%), đang triển khai "
    "43 nhiệm vụ, trong đó có 2 nhiệm vụ quá hạn (tỷ lệ 2,7%)."
)


@pytest.fixture
def leader_api(seeded, today, api_as):
    return api_as(get_user_model().objects.get(username="leader"))


def _file(api, **params):
    response = api.get(URL, params)
    assert response.status_code == 200, response.content[:500]
    return response


def _summary(api, query: dict) -> dict:
    return api.get(
        "/api/v1/summary/", {"document": query["document"], "as_of": query["end"]}
    ).json()


def _past_sentence(summary: dict) -> str:
    def pct(value):
        return f"{value:.1f}".replace(".", ",") + "%"

    return (
        f"Được giao {summary['total']} nhiệm vụ; tính đến ngày 30/06/2025 đã hoàn thành "
        f"{summary['completed']} nhiệm vụ (tỷ lệ {pct(summary['completion_rate'])}), đang triển "
        f"khai {summary['in_progress']} nhiệm vụ, trong đó có {summary['overdue']} nhiệm vụ quá "
        f"hạn (tỷ lệ {pct(summary['overdue_rate'])})."
    )


def _word(response) -> WordDocument:
    return WordDocument(BytesIO(response.content))


def test_word_report_opens_with_the_standard_sentence_today(leader_api):
    word = _word(_file(leader_api, format="docx", **TODAY_57))
    assert SENTENCE_57 in [paragraph.text for paragraph in word.paragraphs]


def test_word_report_for_a_past_day_says_as_of_that_day(leader_api):
    word = _word(_file(leader_api, format="docx", **PAST))
    expected = _past_sentence(_summary(leader_api, PAST))
    assert expected in [paragraph.text for paragraph in word.paragraphs]


def test_word_report_is_a4_with_the_decree_margins(leader_api):
    section = _word(_file(leader_api, format="docx", **PAST)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(margin.mm) for margin in margins] == [20, 20, 30, 15]
    assert Mm(20) <= section.top_margin <= Mm(25)


def test_word_report_is_in_times_new_roman_14(leader_api):
    normal = _word(_file(leader_api, format="docx", **PAST)).styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert Pt(13) <= normal.font.size <= Pt(14)


def test_word_report_numbers_pages_at_the_top_from_page_two(leader_api):
    section = _word(_file(leader_api, format="docx", **PAST)).sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_word_unit_table_has_the_summary_figures_of_each_unit(leader_api):
    summary = _summary(leader_api, PAST)
    word = _word(_file(leader_api, format="docx", **PAST))
    table = word.tables[1]  # the first is the heading block
    header = [cell.text for cell in table.rows[0].cells]
    assert header[1:3] == ["Được giao", "Hoàn thành đúng hạn"]
    assert "Tỷ lệ hoàn thành (trên tổng số được giao)" in header
    total_row = [cell.text for cell in table.rows[-1].cells]
    assert total_row[:2] == ["Tổng cộng", str(summary["total"])]
    assert len(table.rows) == len(summary["units"]) + 2


def test_party_layout_heads_with_the_party_name_and_its_numbering(leader_api):
    word = _word(_file(leader_api, format="docx", layout="party", number="125", **PAST))
    heading = word.tables[0]._element.xml
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in heading
    assert "THÀNH ỦY ĐÀ NẴNG" in heading
    assert "Số 125-BC/TU" in heading


def test_state_layout_heads_with_the_national_motto_and_the_date_line(leader_api):
    word = _word(_file(leader_api, format="docx", layout="state", **PAST))
    heading = word.tables[0]._element.xml
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in heading
    assert "Độc lập - Tự do - Hạnh phúc" in heading
    assert "Đà Nẵng, ngày 30 tháng 9 năm 2025" in heading


def _units_sheet(response):
    book = load_workbook(BytesIO(response.content))
    return book["57-NQ-TW"]


def test_excel_units_sheet_has_the_summary_figures_as_numbers(leader_api):
    summary = _summary(leader_api, PAST)
    sheet = _units_sheet(_file(leader_api, format="xlsx", **PAST))
    rows = list(sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    expected = [
        [
            unit["total"],
            unit["completed_on_time"],
            unit["completed_late"],
            unit["in_progress"],
            unit["overdue"],
            unit["completion_rate"],
            unit["on_time_rate"],
        ]
        for unit in summary["units"]
    ]
    assert [
        [*row[1:6], *(None if v is None else float(v) for v in row[6:8])] for row in rows[:-1]
    ] == expected
    assert rows[-1][1] == summary["total"]


def test_excel_units_sheet_freezes_its_header(leader_api):
    sheet = _units_sheet(_file(leader_api, format="xlsx", **PAST))
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"


def test_excel_report_has_the_sentence_on_its_first_sheet(leader_api):
    book = load_workbook(BytesIO(_file(leader_api, format="xlsx", **TODAY_57).content))
    assert SENTENCE_57 in [row[0] for row in book.worksheets[0].iter_rows(values_only=True)]


def test_pdf_report_text_has_the_sentence(leader_api):
    response = _file(leader_api, format="pdf", **PAST)
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert _past_sentence(_summary(leader_api, PAST)) in " ".join(text.split())


def test_pdf_report_sets_every_letter_in_the_times_compatible_font(leader_api):
    """Liberation Serif has Times New Roman's metrics; a letter it lacked would fall back to
    another font, which would then be embedded too."""
    reader = PdfReader(BytesIO(_file(leader_api, format="pdf", **PAST).content))
    fonts = {
        font["/BaseFont"] for page in reader.pages for font in page["/Resources"]["/Font"].values()
    }
    assert fonts
    assert all(name.split("+", 1)[1].startswith("LiberationSerif") for name in fonts)


@pytest.mark.parametrize(
    ("wanted", "content_type"),
    [
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_report_downloads_with_its_content_type_and_a_vietnamese_name(
    leader_api, wanted, content_type
):
    response = _file(leader_api, format=wanted, **PAST)
    assert response["Content-Type"] == content_type
    disposition = unquote(response["Content-Disposition"])
    assert disposition.startswith("attachment;")
    assert f"Báo cáo 57-NQ-TW đến ngày 30-06-2025.{wanted}" in disposition
