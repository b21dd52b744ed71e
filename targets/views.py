"""Pages of targets: the list leaders read (red first) and a target's page where its unit
reports. Thin: one selector or service each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from reports.models import Target
from reports.views import HtmxHttpRequest
from resolutions.forms import show_errors
from targets import selectors, services
from targets.forms import TargetFilterForm, TargetReportForm
from targets.models import TargetReport
from targets.permissions import may_report_target


@login_required
def target_list(request: HtmxHttpRequest) -> HttpResponse:
    form = TargetFilterForm(request.GET, user=request.user)
    targets = form.filtered(selectors.targets_visible_to(request.user))
    context = {"rows": selectors.target_figures(targets), "form": form}
    template = "targets/target_list.html"
    return render(request, f"{template}#target-rows" if request.htmx else template, context)


def _visible(request: HtmxHttpRequest, pk: int) -> Target:
    try:
        return selectors.target_for(request.user, pk)
    except Target.DoesNotExist as missing:
        raise Http404 from missing


def _detail(request: HtmxHttpRequest, target: Target, form=None) -> HttpResponse:
    context = {
        "figures": selectors.figures_of(target),
        "reports": selectors.target_reports(target),
        "may_report": may_report_target(request.user, target),
        "form": form or TargetReportForm(initial={"on": timezone.localdate()}),
    }
    template = "targets/target_detail.html"
    return render(request, f"{template}#target-main" if request.htmx else template, context)


@login_required
def target_page(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible(request, pk))


@login_required
@require_POST
def target_report(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Save the unit's report; the form comes back with its errors, as typed."""
    target = _visible(request, pk)
    form = TargetReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.target_report(user=request.user, target=target, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Figures reported."))
            return _detail(request, _visible(request, pk))
    return _detail(request, target, form)


@login_required
@require_GET
def target_evidence(request: HtmxHttpRequest, pk: int) -> FileResponse:
    """A report's evidence file, only for those who may see its target; as a download."""
    try:
        report = selectors.target_evidence_for(request.user, pk)
    except TargetReport.DoesNotExist as missing:
        raise Http404 from missing
    response = FileResponse(
        report.evidence_file.open("rb"), as_attachment=True, filename=report.evidence_name
    )
    response["Content-Type"] = report.evidence_content_type
    return response
