"""Tables as Excel sheets: numbers as numbers, rates as numbers shown 42.7, dates as dates,
the header bold and frozen. The periodic report and every list and dashboard export use it."""

from datetime import date
from io import BytesIO

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.formatting import format_date
from reports.tables import Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
RATE_FORMAT = "0.0"
HEADER_ROW = 2  # the table's title is above it
SHEET_NAME_MAX = 31
# Excel refuses these in sheet names: document codes carry "/".
FORBIDDEN = str.maketrans({c: "-" for c in "/\\?*[]:"})


def write_table(sheet: Worksheet, table: Table) -> None:
    """`table` on `sheet`: its title, the bold header frozen below it, typed cells."""
    sheet.cell(row=1, column=1, value=table.title).font = Font(bold=True)
    for column, label in enumerate(table.header, start=1):
        sheet.cell(row=HEADER_ROW, column=column, value=label).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = max(12, min(len(label), 40))
    for offset, row in enumerate(table.rows, start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=HEADER_ROW + offset, column=column, value=value)
            if column - 1 in table.percent_columns:
                cell.number_format = RATE_FORMAT
            elif hasattr(value, "year"):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)


def sheet_name(title: str, used: set[str]) -> str:
    """A name Excel accepts, unique in its workbook."""
    name = title.translate(FORBIDDEN)[:SHEET_NAME_MAX]
    base, n = name, 1
    while name in used:
        n += 1
        name = f"{base[: SHEET_NAME_MAX - 3]} {n}"
    used.add(name)
    return name


def workbook_bytes(book: Workbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def tables_workbook(tables: list[Table]) -> bytes:
    """Each table on its own sheet, named after its title."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        write_table(book.create_sheet(sheet_name(table.title, used)), table)
    return workbook_bytes(book)


def xlsx_response(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=file_name
    )
    return response


EXPORT = ("export", "xlsx")  # ?export=xlsx: a page's tables as a spreadsheet


def wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get(EXPORT[0]) == EXPORT[1]


def export_query(request: HttpRequest) -> str:
    """The page's own query string (its filters) asking for its spreadsheet."""
    query = request.GET.copy()
    query.pop("page", None)
    query[EXPORT[0]] = EXPORT[1]
    return query.urlencode()


def tables_download(tables: list[Table], name: str, as_of: date) -> HttpResponse:
    """`tables` as "<name> đến ngày 30-09-2025.xlsx"."""
    file_name = _("%(name)s as of %(day)s") % {"name": name, "day": format_date(as_of)}
    return xlsx_response(tables_workbook(tables), f"{file_name.replace('/', '-')}.xlsx")
