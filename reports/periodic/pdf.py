"""The periodic report as PDF: the same HTML as the page's preview, printed by WeasyPrint
with the report's stylesheet (A4, margins, page numbers from page 2)."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

from reports.periodic import layout
from reports.periodic.selectors import PeriodicReport

STYLESHEET = "css/periodic-report.css"


def document_context(report: PeriodicReport) -> dict:
    """What the report's template shows; the page's preview uses it too."""
    return {
        "report": report,
        "heading": layout.heading(report),
        "sentence": layout.sentence(report),
        "change": layout.change(report),
        "tables": layout.tables(report),
    }


def render_pdf(report: PeriodicReport) -> bytes:
    html = render_to_string("reports/periodic/document.html", document_context(report))
    stylesheet = CSS(filename=finders.find(STYLESHEET))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])
