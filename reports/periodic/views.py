"""The report page: choose documents, unit and period; preview; download in three formats;
issue it with a number; the issued reports, unchanged, beside today's reconstruction."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from reports.models import IssuedReport
from reports.periodic.files import FORMATS
from reports.periodic.forms import PeriodicReportForm, download_query
from reports.periodic.pdf import document_context
from reports.periodic.selectors import corrections_since, periodic_report
from reports.periodic.services import periodic_report_issue
from reports.permissions import require_periodic_report
from resolutions.selectors import can_manage

TEMPLATE = "reports/periodic/page.html"
ISSUED_SHOWN = 20


def _page(request: HttpRequest, form: PeriodicReportForm, issue_error: str = "") -> HttpResponse:
    context: dict = {
        "form": form,
        "may_issue": can_manage(request.user),
        "issue_error": issue_error,
        "issued": IssuedReport.objects.all()[:ISSUED_SHOWN],
        "query": request.GET.urlencode(),
    }
    if form.is_valid():
        wanted = form.report_request()
        report = periodic_report(user=request.user, request=wanted)
        api = reverse("api:periodic-report")
        context |= document_context(report)
        context["downloads"] = [(name, f"{api}?{download_query(wanted, name)}") for name in FORMATS]
    htmx = getattr(request, "htmx", False)
    return render(request, f"{TEMPLATE}#preview" if htmx else TEMPLATE, context)


@login_required
@require_GET
def periodic_report_page(request: HttpRequest) -> HttpResponse:
    require_periodic_report(request.user)
    return _page(request, PeriodicReportForm(request.GET or None, user=request.user))


@login_required
@require_POST
def periodic_report_issue_view(request: HttpRequest) -> HttpResponse:
    """Issue the report the query string asks for, under the number posted."""
    require_periodic_report(request.user)
    form = PeriodicReportForm(request.GET, user=request.user)
    if not form.is_valid():
        return _page(request, form)
    try:
        issued = periodic_report_issue(
            user=request.user, request=form.report_request(), number=request.POST.get("number", "")
        )
    except ValidationError as error:
        return _page(request, form, issue_error=" ".join(error.messages))
    return redirect("reports:issued", pk=issued.pk)


@login_required
@require_GET
def issued_report_page(request: HttpRequest, pk: int) -> HttpResponse:
    require_periodic_report(request.user)
    issued = get_object_or_404(IssuedReport.objects.select_related("unit", "issued_by"), pk=pk)
    context = {
        "issued": issued,
        "corrections": corrections_since(issued, user=issued.issued_by or request.user),
        "formats": list(FORMATS),
    }
    return render(request, "reports/periodic/issued.html", context)


@login_required
@require_GET
def issued_report_file(request: HttpRequest, pk: int, wanted: str) -> HttpResponse:
    """The file exactly as it was issued."""
    require_periodic_report(request.user)
    if wanted not in FORMATS:
        raise Http404
    issued = get_object_or_404(IssuedReport.objects.only("number", wanted), pk=pk)
    response = HttpResponse(
        bytes(getattr(issued, wanted)), content_type=FORMATS[wanted].content_type
    )
    name = f"{issued.number.replace('/', '-')}.{wanted}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response
