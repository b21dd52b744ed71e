"""The periodic report as PDF, laid out as Nghị định 30/2020 asks (A4, a Times New Roman
face at 14 pt, margins 20/20/30/15 mm, page numbers centred at the top from page 2), drawn
by ReportLab from the same layout as Word and Excel. WeasyPrint printed a province's report
(4,700 unit rows) in minutes; ReportLab draws it in about a second (bench/README.md)."""

from functools import cache
from io import BytesIO
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from reports.periodic import layout
from reports.periodic.selectors import PeriodicReport
from reports.tables import Table as ReportTable

# Liberation Serif has Times New Roman's metrics and every Vietnamese letter; bin/setup
# installs it (Debian's fonts-liberation2, or fonts-liberation before it).
FONT_FOLDERS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
)
FACES = {"": "Regular", "-Bold": "Bold", "-Italic": "Italic"}
FONT = "LiberationSerif"
BODY_PT = 14
HEADING_PT = 13
TABLE_PT = 10
MARGINS = {"topMargin": 20 * mm, "bottomMargin": 20 * mm, "leftMargin": 30 * mm}
MARGINS["rightMargin"] = 15 * mm
WIDTH = A4[0] - MARGINS["leftMargin"] - MARGINS["rightMargin"]
CELL_PADDING = 1.5 * mm
TEXT_WEIGHT, NUMBER_WEIGHT = 3, 1  # a column of words is three times as wide as one of figures


def document_context(report: PeriodicReport) -> dict:
    """What the report's template shows on the page's preview (and when it is printed)."""
    return {
        "report": report,
        "heading": layout.heading(report),
        "sentence": layout.sentence(report),
        "change": layout.change(report),
        "tables": layout.tables(report),
    }


@cache
def _fonts() -> None:
    """Register the three faces once per process."""
    for suffix, face in FACES.items():
        path = next(
            (
                folder / f"LiberationSerif-{face}.ttf"
                for folder in FONT_FOLDERS
                if (folder / f"LiberationSerif-{face}.ttf").exists()
            ),
            None,
        )
        if path is None:
            raise RuntimeError(f"LiberationSerif-{face}.ttf is missing: run bin/setup.")
        pdfmetrics.registerFont(TTFont(FONT + suffix, str(path)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=f"{FONT}-Bold", italic=f"{FONT}-Italic", boldItalic=f"{FONT}-Bold"
    )


def _style(name: str, *, size: float = BODY_PT, face: str = "", **more) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=FONT + face, fontSize=size, leading=size * 1.3, **more)


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _heading(report: PeriodicReport) -> list[Flowable]:
    heading = layout.heading(report)
    centred = _style("centred", size=HEADING_PT, alignment=TA_CENTER)
    left = f"<b>{_escaped(heading.left[0])}</b><br/>{_escaped(heading.left[1])}"
    right = "".join(f"<b>{_escaped(line)}</b><br/>" for line in heading.right)
    right += f"<i>{_escaped(heading.place_date)}</i>"
    block = Table(
        [[Paragraph(left, centred), Paragraph(right, centred)]], colWidths=[WIDTH / 2] * 2
    )
    block.setStyle(
        TableStyle([("FONT", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    title = _style("title", face="-Bold", alignment=TA_CENTER)
    body = _style("body", alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=2 * mm)
    return [
        block,
        Spacer(0, 6 * mm),
        Paragraph(_escaped(heading.title), title),
        Paragraph(
            _escaped(heading.subtitle), _style("subtitle", face="-Bold", alignment=TA_CENTER)
        ),
        Spacer(0, 6 * mm),
        Paragraph(_escaped(layout.sentence(report)), body),
        Paragraph(_escaped(layout.change(report)), body),
    ]


def _words(table: ReportTable) -> list[bool]:
    """Which columns hold words (the others hold figures and dates)."""
    sample = table.rows[:50]
    return [any(isinstance(row[i], str) for row in sample) for i in range(len(table.header))]


def _widths(words: list[bool]) -> list[float]:
    """Columns of words share the width three to one with columns of figures."""
    weights = [TEXT_WEIGHT if word else NUMBER_WEIGHT for word in words]
    return [WIDTH * weight / sum(weights) for weight in weights]


def _wrapped(text: str, width: float, face: str = "") -> str:
    """`text` broken into lines that fit `width`: a table cell of plain lines is drawn
    without Paragraph's layout, which thousands of rows would pay for."""
    return "\n".join(simpleSplit(text, FONT + face, TABLE_PT, width - 2 * CELL_PADDING))


def _table(table: ReportTable) -> list[Flowable]:
    words = _words(table)
    widths = _widths(words)
    header = [
        _wrapped(label, width, "-Bold") for label, width in zip(table.header, widths, strict=True)
    ]
    rows = [
        [
            _wrapped(cell, width) if word else cell
            for cell, width, word in zip(row, widths, words, strict=True)
        ]
        for row in table.printed()
    ]
    grid = Table([header, *rows], colWidths=widths, repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, TABLE_PT, TABLE_PT * 1.2),
                ("FONT", (0, 0), (-1, 0), f"{FONT}-Bold", TABLE_PT, TABLE_PT * 1.2),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1 * mm),
                *(("ALIGN", (i, 1), (i, -1), "RIGHT") for i, word in enumerate(words) if not word),
            ]
        )
    )
    title = _style("table-title", spaceBefore=5 * mm, spaceAfter=2 * mm)
    return [Paragraph(_escaped(table.title), title), grid]


def _page_number(canvas, document) -> None:
    canvas.setFont(FONT, HEADING_PT)
    canvas.drawCentredString(A4[0] / 2, A4[1] - 12 * mm, str(document.page))


def render_pdf(report: PeriodicReport) -> bytes:
    _fonts()
    buffer = BytesIO()
    heading = layout.heading(report)
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=heading.title,
        subject=heading.subtitle,
        initialFontName=FONT,
        **MARGINS,
    )
    story = _heading(report)
    for table in layout.tables(report):
        story += _table(table)
    document.build(story, onLaterPages=_page_number)
    return buffer.getvalue()
