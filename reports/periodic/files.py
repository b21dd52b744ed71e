"""A periodic report as a file: the renderer of each format, its content type and the
Vietnamese file name it downloads under."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from reports.formatting import format_date
from reports.periodic.docx import render_docx
from reports.periodic.pdf import render_pdf
from reports.periodic.selectors import PeriodicReport
from reports.periodic.xlsx import render_xlsx
from reports.spreadsheets import XLSX


@dataclass(frozen=True)
class Format:
    render: Callable[[PeriodicReport], bytes]
    content_type: str


FORMATS = {
    "docx": Format(
        render_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "pdf": Format(render_pdf, "application/pdf"),
    "xlsx": Format(render_xlsx, XLSX),
}


def file_name(report: PeriodicReport, extension: str) -> str:
    """ "Báo cáo 57-NQ-TW đến ngày 30-06-2025.docx": readable, no slash."""
    documents = " ".join(section.document.code for section in report.sections)
    name = _("Report %(documents)s as of %(day)s") % {
        "documents": documents,
        "day": format_date(report.as_of),
    }
    return f"{name.replace('/', '-')}.{extension}"
