"""The periodic report as Excel (.xlsx): the heading and sentence on the first sheet, then
each table on its own sheet (reports.spreadsheets), so the figures can be summed and
compared with /api/v1/summary/."""

from openpyxl import Workbook

from reports.periodic import layout
from reports.periodic.selectors import PeriodicReport
from reports.spreadsheets import sheet_name, workbook_bytes, write_table


def render_xlsx(report: PeriodicReport) -> bytes:
    book = Workbook()
    summary = book.active
    heading = layout.heading(report)
    used: set[str] = set()
    summary.title = sheet_name(heading.title, used)
    for line in [*heading.left, *heading.right, heading.place_date, heading.subtitle]:
        summary.append([line])
    summary.append([layout.sentence(report)])
    summary.append([layout.change(report)])
    for table in layout.tables(report):
        code = table.title.split(":", 1)[0]
        write_table(book.create_sheet(sheet_name(code, used)), table)
    return workbook_bytes(book)
