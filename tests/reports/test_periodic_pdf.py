"""The periodic report's PDF: paper, margins, page numbers and letters (Nghị định 30/2020)."""

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from reports.periodic.pdf import render_pdf
from reports.periodic.selectors import ReportRequest, periodic_report
from reports.periods import date_range
from tests.factories import DocumentFactory, TaskFactory, UnitFactory

pytestmark = pytest.mark.django_db
POINTS_PER_MM = 72 / 25.4


@pytest.fixture
def pages(today, leader):
    """A report whose table of units runs over several pages."""
    document = DocumentFactory(title="Chuyển đổi số, chính quyền số")
    for n in range(80):
        TaskFactory(document=document, lead_unit=UnitFactory(name=f"Phường Hải Châu {n}"))
    report = periodic_report(
        user=leader,
        request=ReportRequest(
            documents=(document,), period=date_range(date(2025, 1, 1), date(2025, 6, 30))
        ),
    )
    return PdfReader(BytesIO(render_pdf(report))).pages


def _texts(page):
    """Each piece of text on the page: its distance from the paper's top and left edges, in
    mm (the text matrix placed by the page's translations), and the text."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x, y = cm[4] + tm[4], cm[5] + tm[5]
            top = (float(page.mediabox.height) - y) / POINTS_PER_MM
            found.append((top, x / POINTS_PER_MM, text.strip()))

    page.extract_text(visitor_text=visit)
    return sorted(found)


def _lines_from_top(page):
    return [(top, text) for top, _left, text in _texts(page)]


def test_the_pdf_is_a4(pages):
    box = pages[0].mediabox
    assert (round(float(box.width) / POINTS_PER_MM), round(float(box.height) / POINTS_PER_MM)) == (
        210,
        297,
    )


def test_the_pdf_numbers_pages_at_the_top_from_page_two(pages):
    assert len(pages) >= 3
    first_top, first_text = _lines_from_top(pages[0])[0]
    assert first_text != "1" and first_top >= 20
    for number, page in enumerate(pages[1:3], start=2):
        top, text = _lines_from_top(page)[0]
        assert text == str(number) and top < 20  # in the top margin


def test_the_pdf_keeps_the_decree_margins_left_and_top(pages):
    texts = _texts(pages[0])
    assert min(top for top, _left, _text in texts) >= 20
    assert min(left for _top, left, _text in texts) >= 30


def test_the_pdf_has_every_vietnamese_letter_of_the_units(pages):
    text = " ".join(page.extract_text() for page in pages)
    assert "Phường Hải Châu 79" in text and "Chuyển đổi số, chính quyền số" in text
