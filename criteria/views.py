"""Pages of criteria sets: the matrix leaders read and a unit's scorecard where its staff
report each criterion. Thin: one selector or service each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from criteria import selectors, services
from criteria.forms import CriterionReportForm, MatrixFilterForm
from criteria.models import CriteriaSet
from criteria.permissions import may_report_criteria
from reports.views import HtmxHttpRequest
from resolutions.forms import show_errors
from resolutions.models import Unit


@login_required
def criteria_sets(request: HtmxHttpRequest) -> HttpResponse:
    sets = CriteriaSet.objects.select_related("parent").order_by("name", "id")
    return render(request, "criteria/set_list.html", {"sets": sets})


@login_required
def matrix_page(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_object_or_404(CriteriaSet.objects.select_related("parent"), pk=pk)
    form = MatrixFilterForm(request.GET, criteria_set=criteria_set)
    matrix = selectors.criteria_matrix(
        criteria_set,
        user=request.user,
        as_of=form.value("as_of") or timezone.localdate(),
        parent=form.value("parent"),
        kind=form.value("kind") or None,
    )
    template = "criteria/matrix.html"
    context = {"matrix": matrix, "form": form}
    return render(request, f"{template}#matrix" if request.htmx else template, context)


def _scorecard(request: HtmxHttpRequest, criteria_set: CriteriaSet, unit: Unit, form=None):
    context = {
        "criteria_set": criteria_set,
        "unit": unit,
        "row": selectors.unit_scorecard(criteria_set, unit, as_of=timezone.localdate()),
        "may_report": may_report_criteria(request.user, unit),
        "form": form,
        "today": timezone.localdate(),
    }
    template = "criteria/scorecard.html"
    return render(request, f"{template}#scorecard" if request.htmx else template, context)


def _visible(request: HtmxHttpRequest, pk: int, unit_pk: int) -> tuple[CriteriaSet, Unit]:
    criteria_set = get_object_or_404(CriteriaSet.objects.select_related("parent"), pk=pk)
    units = selectors.matrix_units(criteria_set, user=request.user)
    unit = units.filter(pk=unit_pk).first()
    if unit is None:
        raise Http404
    return criteria_set, unit


@login_required
def scorecard_page(request: HtmxHttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    return _scorecard(request, *_visible(request, pk, unit_pk))


@login_required
@require_POST
def criterion_report(request: HtmxHttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    """Save one criterion's report; the scorecard comes back, with the errors if any."""
    criteria_set, unit = _visible(request, pk, unit_pk)
    form = CriterionReportForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        criterion = get_object_or_404(criteria_set.criteria, pk=data.pop("criterion"))
        try:
            services.criterion_report(user=request.user, criterion=criterion, unit=unit, **data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Criterion reported."))
            return _scorecard(request, criteria_set, unit)
    return _scorecard(request, criteria_set, unit, form)
