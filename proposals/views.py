"""Pages of proposals: both sides' lists, raising one, reading and moving one. Thin: one
selector or service each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from proposals import explanations, selectors, services
from proposals.forms import ProposalForm, TransitionForm
from proposals.permissions import may_decide_proposal
from proposals.services import MOVES
from reports.selectors import targets_visible_to
from reports.views import HtmxHttpRequest
from resolutions.forms import show_errors
from tasks.selectors import tasks_visible_to


@login_required
def proposal_list(request: HtmxHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "waiting": selectors.with_days_waited(
            selectors.proposals_waiting_for(request.user), today=today
        ),
        "raised": selectors.with_days_waited(
            selectors.proposals_raised_by(request.user), today=today
        ),
        "explanations": explanations.open_explanations(request.user),
    }
    return render(request, "proposals/proposal_list.html", context)


def _form(request: HtmxHttpRequest, data=None) -> ProposalForm:
    return ProposalForm(
        data,
        initial=request.GET.dict(),
        user=request.user,
        tasks=tasks_visible_to(request.user),
        targets=targets_visible_to(request.user),
    )


@login_required
def proposal_new(request: HtmxHttpRequest) -> HttpResponse:
    form = _form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_raise(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Proposal sent."))
            return redirect("proposals:detail", proposal.pk)
    return render(request, "proposals/proposal_form.html", {"form": form})


def _detail(request: HtmxHttpRequest, pk: int, form: TransitionForm | None = None) -> HttpResponse:
    proposal = get_object_or_404(selectors.proposals_visible_to(request.user), pk=pk)
    context = {
        "proposal": proposal,
        "steps": selectors.proposal_steps(proposal),
        "may_decide": may_decide_proposal(request.user, proposal) and MOVES[proposal.state],
        "form": form or TransitionForm(user=request.user),
        "days_waited": selectors.days_waited(proposal, today=timezone.localdate()),
    }
    template = "proposals/proposal_detail.html"
    return render(request, f"{template}#proposal-main" if request.htmx else template, context)


@login_required
def proposal_page(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@login_required
@require_POST
def proposal_transition(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Move the proposal; a refused move comes back with its reason beside the form."""
    proposal = get_object_or_404(selectors.proposals_visible_to(request.user), pk=pk)
    form = TransitionForm(request.POST, user=request.user)
    if form.is_valid():
        data = {key: value for key, value in form.cleaned_data.items() if value is not None}
        try:
            services.proposal_transition(user=request.user, proposal=proposal, **data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Proposal moved on."))
            return _detail(request, pk)
    return _detail(request, pk, form)
