"""The periodic report as Word (.docx), laid out as Nghị định 30/2020 asks: A4, Times New
Roman 14 pt, margins 20/20/30/15 mm, page numbers centred at the top from page 2."""

from copy import deepcopy
from io import BytesIO

from docx import Document as WordDocument
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph

from reports.periodic import layout
from reports.periodic.selectors import PeriodicReport

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
TABLE_STYLE = "Table Grid"
PAGE = {"width": Mm(210), "height": Mm(297)}
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}


def _set_font(style) -> None:
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    # Word picks the font of Vietnamese letters from the East Asian and complex-script slots too.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _page_number_header(section) -> None:
    """A PAGE field centred in the header, none on the first page."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _line(cell_or_doc, text: str, *, bold=False, italic=False, center=True, size=None) -> Paragraph:
    paragraph = cell_or_doc.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    return paragraph


def _heading(word, report: PeriodicReport) -> None:
    heading = layout.heading(report)
    block = word.add_table(rows=1, cols=2)
    left, right = block.rows[0].cells
    left.paragraphs[0].add_run(heading.left[0]).bold = True
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _line(left, heading.left[1], size=13)
    right.paragraphs[0].add_run(heading.right[0]).bold = True
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in heading.right[1:]:
        _line(right, text, bold=True)
    _line(right, heading.place_date, italic=True)
    _line(word, heading.title, bold=True)
    _line(word, heading.subtitle, bold=True)


def _table(word, table: layout.Table) -> WordTable:
    """The rows are copies of one row built through python-docx, their texts set in the
    XML: building each cell through the API made a province's report (4,700 rows) take
    half a minute."""
    word.add_paragraph().add_run(table.title).bold = True
    grid = word.add_table(rows=2, cols=len(table.header))
    grid.style = word.styles[TABLE_STYLE]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    header, template = grid.rows
    for cell, label in zip(header.cells, table.header, strict=True):
        cell.paragraphs[0].add_run(label).bold = True
    for cell in template.cells:
        cell.paragraphs[0].add_run("-")
    row_xml = template._tr
    for row in table.printed():
        copy = deepcopy(row_xml)
        for text, value in zip(copy.iter(qn("w:t")), row, strict=True):
            text.text = value
        row_xml.addprevious(copy)
    grid._tbl.remove(row_xml)
    return grid


def render_docx(report: PeriodicReport) -> bytes:
    word = WordDocument()
    _set_font(word.styles["Normal"])
    word.styles[TABLE_STYLE].font.size = Pt(TABLE_PT)
    section = word.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    for name, value in {**PAGE, **{f"{k}_margin": v for k, v in MARGINS.items()}}.items():
        setattr(section, f"page_{name}" if name in PAGE else name, value)
    _page_number_header(section)
    _heading(word, report)
    word.add_paragraph(layout.sentence(report))
    word.add_paragraph(layout.change(report))
    for table in layout.tables(report):
        _table(word, table)
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()
