"""The periodic report as Excel (.xlsx): the sentence on the first sheet, then each table on
its own sheet with numbers as numbers, rates as numbers shown 42.7, dates as dates and the
header frozen, so the figures can be summed and compared with /api/v1/summary/."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.periodic import layout
from reports.periodic.selectors import PeriodicReport

DATE_FORMAT = "DD/MM/YYYY"
RATE_FORMAT = "0.0"
SHEET_NAME_MAX = 31
# Excel refuses these in sheet names: document codes carry "/".
FORBIDDEN = str.maketrans({c: "-" for c in "/\\?*[]:"})


HEADER_ROW = 2  # the table's title is above it


def write_table(sheet: Worksheet, table: layout.Table) -> None:
    """`table` on `sheet`: its title, the bold header frozen below it, typed cells."""
    sheet.cell(row=1, column=1, value=table.title).font = Font(bold=True)
    for column, label in enumerate(table.header, start=1):
        sheet.cell(row=HEADER_ROW, column=column, value=label).font = Font(bold=True)
    for offset, row in enumerate(table.rows, start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=HEADER_ROW + offset, column=column, value=value)
            if column - 1 in table.percent_columns:
                cell.number_format = RATE_FORMAT
            elif hasattr(value, "year"):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    for column, label in enumerate(table.header, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = max(12, min(len(label), 40))


def _sheet_name(title: str, used: set[str]) -> str:
    name = title.translate(FORBIDDEN)[:SHEET_NAME_MAX]
    base, n = name, 1
    while name in used:
        n += 1
        name = f"{base[: SHEET_NAME_MAX - 3]} {n}"
    used.add(name)
    return name


def render_xlsx(report: PeriodicReport) -> bytes:
    book = Workbook()
    summary = book.active
    heading = layout.heading(report)
    used: set[str] = set()
    summary.title = _sheet_name(heading.title, used)
    for line in [*heading.left, *heading.right, heading.place_date, heading.subtitle]:
        summary.append([line])
    summary.append([layout.sentence(report)])
    summary.append([layout.change(report)])
    for table in layout.tables(report):
        code = table.title.split(":", 1)[0]
        write_table(book.create_sheet(_sheet_name(code, used)), table)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
