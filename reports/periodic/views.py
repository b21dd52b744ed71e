"""The report page: choose documents, unit and period; preview; download in three formats."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from reports.periodic.files import FORMATS
from reports.periodic.forms import PeriodicReportForm, download_query
from reports.periodic.pdf import document_context
from reports.periodic.selectors import periodic_report
from reports.permissions import require_periodic_report

TEMPLATE = "reports/periodic/page.html"


@login_required
def periodic_report_page(request: HttpRequest) -> HttpResponse:
    require_periodic_report(request.user)
    form = PeriodicReportForm(request.GET or None)
    context: dict = {"form": form}
    if form.is_valid():
        wanted = form.report_request()
        report = periodic_report(user=request.user, request=wanted)
        api = reverse("api:periodic-report")
        context |= document_context(report)
        context["downloads"] = [(name, f"{api}?{download_query(wanted, name)}") for name in FORMATS]
    htmx = getattr(request, "htmx", False)
    return render(request, f"{TEMPLATE}#preview" if htmx else TEMPLATE, context)
