"""The task page's lifecycle forms beyond progress reports: a coordinator stops or
reopens a task; unit staff ask to stop or adjust it; coordinators decide those requests.
Each view parses the request and calls one service, which checks the lifecycle."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from resolutions.forms import show_errors
from resolutions.services import require_manager
from tasks import cancellation, services
from tasks.forms import CancelForm, ChangeRequestForm, DecisionForm
from tasks.models import ChangeRequest
from tasks.views import HtmxHttpRequest, task_form_view

task_cancel = task_form_view(
    cancellation.task_cancel, CancelForm, "cancel_form", gettext_lazy("Task stopped.")
)
task_reopen = task_form_view(
    services.task_reopen, DecisionForm, "reopen_form", gettext_lazy("Task reopened.")
)
change_request = task_form_view(
    cancellation.change_request_create,
    ChangeRequestForm,
    "change_form",
    gettext_lazy("Request sent; coordinators will decide."),
)


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
