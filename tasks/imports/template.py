"""The downloadable import template: the columns, a filled example row, and a sheet of the
valid unit and document codes to copy from."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from reports.spreadsheets import workbook_bytes
from resolutions.permissions import User, documents_managed_by, units_managed_by
from tasks.imports.columns import COLUMNS

WIDTH = 24


def import_template(user: User) -> bytes:
    book = Workbook()
    tasks = book.active
    tasks.title = _("Tasks")
    tasks.append([str(column.label) + (" *" if column.required else "") for column in COLUMNS])
    tasks.append([column.example for column in COLUMNS])
    for cell in tasks[1]:
        cell.font = Font(bold=True)
        tasks.column_dimensions[cell.column_letter].width = WIDTH
    tasks.freeze_panes = "A2"
    codes = book.create_sheet(_("Codes"))
    codes.append([_("Unit code"), _("Unit"), "", _("Document code"), _("Document")])
    for cell in codes[1]:
        cell.font = Font(bold=True)
    # the codes the user may import: units and documents they coordinate
    units = units_managed_by(user).filter(is_active=True).order_by("path")
    documents = documents_managed_by(user).filter(is_active=True).order_by("-issued_on", "code")
    unit_rows = list(units.values_list("code", "name"))
    document_rows = list(documents.values_list("code", "title"))
    for i in range(max(len(unit_rows), len(document_rows))):
        unit = unit_rows[i] if i < len(unit_rows) else ("", "")
        document = document_rows[i] if i < len(document_rows) else ("", "")
        codes.append([*unit, "", *document])
    codes.freeze_panes = "A2"
    return workbook_bytes(book)
