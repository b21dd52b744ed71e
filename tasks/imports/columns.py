"""The columns of the import spreadsheet, as the template lays them out."""

from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from resolutions.codes import fold


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    required: bool
    example: str


COLUMNS = (
    Column("document", _("Document code"), True, "57-NQ/TW"),
    Column("title", _("Task"), True, "Xây dựng cơ sở dữ liệu cán bộ, đảng viên"),
    Column("description", _("Description"), False, "Hoàn thành trước kỳ họp"),
    Column("lead_unit", _("Lead unit code"), True, "DN-SKHCN"),
    Column("supporting_units", _("Supporting unit codes"), False, "DN-SNV, DN-STC"),
    Column("assigned_on", _("Assigned on"), True, "10/01/2025"),
    Column("deadline", _("Completion deadline"), False, "31/12/2025"),
)
BY_KEY = {column.key: column for column in COLUMNS}


def label(key: str) -> str:
    return str(BY_KEY[key].label)


def header_keys() -> dict[str, str]:
    """Each spelling a header may have (folded; Vietnamese or English) → column key."""
    spellings: dict[str, str] = {}
    for language in ("vi", "en"):
        with translation.override(language):
            spellings |= {fold(str(column.label)): column.key for column in COLUMNS}
    return spellings
