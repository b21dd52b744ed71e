"""Checking every row of an import before anything is written: codes, dates, required
cells, lengths, duplicates within the file and against the tasks already tracked. A fixed
number of queries whatever the number of rows."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from resolutions.codes import fold, parse_document_code
from resolutions.models import Document, Unit
from resolutions.permissions import User, may_coordinate, may_manage_document
from tasks.imports.columns import COLUMNS, label
from tasks.imports.reading import Row
from tasks.models import Task
from tasks.services import NewTaskRow
from tracker.limits import DESCRIPTION_MAX_LENGTH

TITLE_MAX: int = Task._meta.get_field("title").max_length or 500
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
SEPARATORS = re.compile(r"[,;\n]+")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Checked:
    """The rows that pass, ready for tasks.services.task_create_many, and the errors of
    those that do not."""

    tasks: list[NewTaskRow]
    errors: list[RowError]


def _date(text: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _code(text: str) -> str | None:
    try:
        return str(parse_document_code(text))
    except ValidationError:
        return None


class _Lookups:
    """The documents, units and existing tasks the rows name: three queries."""

    def __init__(self, rows: list[Row]):
        codes = {_code(row["document"]) for row in rows} - {None}
        self.documents: dict[str, list[Document]] = {}
        documents = Document.objects.filter(code__in=codes).select_related("issuing_unit")
        for document in documents.order_by("pk"):
            self.documents.setdefault(document.code, []).append(document)
        unit_codes = {row["lead_unit"] for row in rows} | {
            code for row in rows for code in _unit_codes(row.get("supporting_units", ""))
        }
        self.units = {unit.code: unit for unit in Unit.objects.filter(code__in=unit_codes)}
        titles = {row["title"].strip() for row in rows}
        self.existing = set(
            Task.objects.filter(
                document__in=[d for ds in self.documents.values() for d in ds],
                title__in=titles,
            )
            .exclude(status=Task.Status.CANCELLED)
            .values_list("document_id", "lead_unit_id", "title")
        )


def _unit_codes(text: str) -> list[str]:
    return [code.strip() for code in SEPARATORS.split(text) if code.strip()]


class _RowChecker:
    def __init__(self, row: Row, lookups: _Lookups, user: User):
        self.user = user
        self.row, self.lookups = row, lookups
        self.errors: list[RowError] = []

    def fail(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.row["row"], label(key), message))

    def required(self) -> bool:
        for column in COLUMNS:
            if "\x00" in self.row.get(column.key, ""):
                self.fail(column.key, _("The cell holds a control character."))
            elif column.required and not self.row.get(column.key):
                self.fail(column.key, _("This cell is required."))
        return not self.errors

    def document(self) -> Document | None:
        code = _code(self.row["document"])
        documents = self.lookups.documents.get(code or "", [])
        if code is None:
            self.fail(
                "document", _("“%(code)s” is not a document code.") % {"code": self.row["document"]}
            )
        elif not documents:
            self.fail("document", _("There is no document with code “%(code)s”.") % {"code": code})
        elif len(documents) > 1:
            self.fail("document", _("Several documents have code “%(code)s”.") % {"code": code})
        else:
            return documents[0]
        return None

    def unit(self, key: str, code: str) -> Unit | None:
        unit = self.lookups.units.get(code)
        if unit is None:
            self.fail(key, _("There is no unit with code “%(code)s”.") % {"code": code})
        elif not unit.is_active:
            self.fail(key, _("Unit “%(code)s” was merged; use its successor.") % {"code": code})
        else:
            return unit
        return None

    def day(self, key: str) -> date | None:
        text = self.row.get(key, "")
        if not text:
            return None
        try:
            return _date(text)
        except ValueError:
            self.fail(key, _("“%(value)s” is not a date; write dd/mm/yyyy.") % {"value": text})
            return None

    def check(self) -> NewTaskRow | None:
        if not self.required():
            return None
        title = self.row["title"].strip()
        if len(title) > TITLE_MAX:
            self.fail("title", _("At most %(max)s characters.") % {"max": TITLE_MAX})
        if len(self.row.get("description", "")) > DESCRIPTION_MAX_LENGTH:
            self.fail(
                "description", _("At most %(max)s characters.") % {"max": DESCRIPTION_MAX_LENGTH}
            )
        document = self.document()
        lead = self.unit("lead_unit", self.row["lead_unit"])
        helpers = [
            self.unit("supporting_units", code)
            for code in _unit_codes(self.row.get("supporting_units", ""))
        ]
        assigned_on, deadline = self.day("assigned_on"), self.day("deadline")
        if assigned_on and deadline and deadline < assigned_on:
            self.fail("deadline", _("The deadline cannot be before the assigned date."))
        # issue 13: the same rule as the task form, told per row before anything is created
        if document and not may_manage_document(self.user, document):
            self.fail(
                "document",
                _("You do not coordinate the document “%(code)s”.") % {"code": document.code},
            )
        if lead and not may_coordinate(self.user, lead):
            self.fail(
                "lead_unit", _("%(unit)s is outside the units you coordinate.") % {"unit": lead}
            )
        if self.errors or not (document and lead and assigned_on):
            return None
        return NewTaskRow(
            document=document,
            title=title,
            lead_unit=lead,
            assigned_on=assigned_on,
            deadline=deadline,
            description=self.row.get("description", ""),
            supporting_units=[unit for unit in helpers if unit and unit != lead],
        )


def check_rows(rows: list[Row], *, user: User) -> Checked:
    """Every row checked, for `user` (who must coordinate each row's document and lead
    unit); the rows that pass, and for each that does not, its errors."""
    lookups = _Lookups(rows)
    checked = Checked([], [])
    first_row: dict[tuple[int, int, str], int] = {}
    for row in rows:
        checker = _RowChecker(row, lookups, user)
        task = checker.check()
        if task is not None:
            key = (task.document.pk, task.lead_unit.pk, fold(task.title))
            if key in first_row:
                checker.fail("title", _("The same task as row %(row)s.") % {"row": first_row[key]})
            elif (task.document.pk, task.lead_unit.pk, task.title) in lookups.existing:
                checker.fail("title", _("This task is already in the tracker."))
            else:
                first_row[key] = row["row"]
                checked.tasks.append(task)
        checked.errors += checker.errors
    return checked
