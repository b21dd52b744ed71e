"""Reading an uploaded spreadsheet into rows of text cells. A file that is not a
spreadsheet, too large, too long or without the expected columns is refused as a whole,
with a message that says which."""

import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from resolutions.codes import fold
from tasks.imports.columns import COLUMNS, header_keys, label

Row = dict[str, Any]  # {"row": 2, "document": "57-NQ/TW", …}: the cells as text


def _text(value: Any) -> str:
    """A cell as text: dates as YYYY-MM-DD, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _columns(header: tuple[Any, ...]) -> dict[int, str]:
    """Position → column key; ValidationError naming the required columns missing."""
    spellings = header_keys()
    found: dict[int, str] = {}
    for position, cell in enumerate(header):
        key = spellings.get(fold(_text(cell)).rstrip("* ").strip())
        if key and key not in found.values():
            found[position] = key
    missing = [label(c.key) for c in COLUMNS if c.required and c.key not in found.values()]
    if missing:
        raise ValidationError(
            _("The first row must name the template's columns; missing: %(columns)s.")
            % {"columns": ", ".join(missing)},
            code="columns",
        )
    return found


def read_rows(upload: IO[bytes], *, size: int) -> list[Row]:
    """The data rows of the first sheet (blank rows skipped), numbered as Excel numbers them."""
    if size > settings.TASK_IMPORT_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (at most %(size)s).")
            % {"size": filesizeformat(settings.TASK_IMPORT_MAX_BYTES)},
            code="too_large",
        )
    if not zipfile.is_zipfile(upload):
        raise ValidationError(_("This is not an Excel file (.xlsx)."), code="not_a_spreadsheet")
    upload.seek(0)
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
        return _data_rows(book.worksheets[0].iter_rows(values_only=True))
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError):
        raise ValidationError(
            _("This is not an Excel file (.xlsx)."), code="not_a_spreadsheet"
        ) from None


def _data_rows(lines: Iterator[tuple[Any, ...]]) -> list[Row]:
    columns = _columns(next(lines, ()))
    rows: list[Row] = []
    for number, line in enumerate(lines, start=2):
        cells = {key: _text(line[i]) if i < len(line) else "" for i, key in columns.items()}
        if not any(cells.values()):
            continue
        if len(rows) == settings.TASK_IMPORT_MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(rows)s rows; split it.")
                % {"rows": settings.TASK_IMPORT_MAX_ROWS},
                code="too_many_rows",
            )
        rows.append({"row": number, **cells})
    if not rows:
        raise ValidationError(_("The file has no task rows."), code="empty")
    return rows
