"""The task page's lifecycle forms beyond progress reports: a coordinator stops or
reopens a task; unit staff ask to stop or adjust it; coordinators decide those requests.
Each view parses the request and calls one service, which checks the lifecycle."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resolutions.forms import show_errors
from resolutions.services import require_manager
from tasks import cancellation, services
from tasks.forms import CancelForm, ChangeRequestForm, DecisionForm
from tasks.models import ChangeRequest
from tasks.views import HtmxHttpRequest, _submit, _visible_task


@login_required
@require_POST
def task_cancel(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    task = _visible_task(request, pk)
    write = functools.partial(cancellation.task_cancel, user=request.user, task=task)
    done = _("Task stopped.")
    return _submit(request, task, CancelForm(request.POST), write, "cancel_form", done)


@login_required
@require_POST
def task_reopen(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    task = _visible_task(request, pk)
    write = functools.partial(services.task_reopen, user=request.user, task=task)
    done = _("Task reopened.")
    return _submit(request, task, DecisionForm(request.POST), write, "reopen_form", done)


@login_required
@require_POST
def change_request(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    task = _visible_task(request, pk)
    write = functools.partial(cancellation.change_request_create, user=request.user, task=task)
    done = _("Request sent; coordinators will decide.")
    return _submit(request, task, ChangeRequestForm(request.POST), write, "change_form", done)


@login_required
@require_POST
def change_request_decide(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Approve or reject a request to stop or adjust; htmx gets the row back decided."""
    require_manager(request.user)
    change = get_object_or_404(ChangeRequest, pk=pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    try:
        if request.POST.get("action") == "approve":
            cancellation.change_request_approve(user=request.user, request=change, note=note)
            messages.success(request, _("Request approved."))
        else:
            cancellation.change_request_reject(user=request.user, request=change, note=note)
            messages.success(request, _("Request rejected."))
    except ValidationError as error:
        show_errors(form, error)
    if request.htmx:
        change = ChangeRequest.objects.select_related(
            "task__document", "task__lead_unit", "requested_by"
        ).get(pk=pk)
        context = {"change": change, "form": form}
        return render(request, "tasks/review_queue.html#change-row", context)
    return redirect("tasks:review")
