"""Pages of the batch work of issue 16: undo an assignment batch, confirm several reported
completions at once. Each view calls one service and ends with a message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from resolutions.services import require_manager
from tasks import batches
from tasks.models import AssignmentBatch
from tasks.selectors import completions_to_confirm


def batch_url(batch: AssignmentBatch) -> str:
    """The task list showing exactly the tasks of `batch`."""
    return f"{reverse('tasks:list')}?batch={batch.pk}"


def assign_preview(request: HttpRequest, form) -> dict:
    """What the confirmation page of a many-unit assignment shows: the valid `form`'s
    document, title, days and units, and the fields to send again to confirm."""
    units = form.lead_units_chosen()
    resend = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "confirm", "back")
        for value in values
    ]
    return {"form": form, "data": form.cleaned_data, "units": units, "resend": resend}


def assigned_message(batch: AssignmentBatch, count: int) -> str:
    """The message after an assignment batch, with a link to exactly its tasks."""
    text = ngettext(
        "%(count)s task assigned: “%(title)s”.",
        "%(count)s tasks assigned: “%(title)s”.",
        count,
    ) % {"count": count, "title": batch.title}
    link = _("See them, or undo within 24 hours")
    return format_html('{} <a href="{}" class="alert-link">{}</a>', text, batch_url(batch), link)


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_POST
def batch_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo an assignment batch with the reason typed; back to its tasks either way."""
    batch = get_object_or_404(AssignmentBatch, pk=pk)
    try:
        count = batches.batch_undo(
            user=request.user, batch=batch, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request,
            ngettext(
                "Assignment undone: %(count)s task stopped.",
                "Assignment undone: %(count)s tasks stopped.",
                count,
            )
            % {"count": count},
        )
    return redirect(batch_url(batch))


@login_required
@require_POST
def completions_confirm(request: HttpRequest) -> HttpResponse:
    """Confirm the completions ticked in the review queue, all or none."""
    require_manager(request.user)
    ids = [int(pk) for pk in request.POST.getlist("task") if pk.isdigit()]
    if not ids:
        messages.warning(request, _("Tick the completions to confirm."))
        return redirect("tasks:review")
    try:
        count = batches.completions_confirm_many(
            user=request.user, tasks=completions_to_confirm(request.user).filter(pk__in=ids)
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request,
            ngettext("%(count)s completion confirmed.", "%(count)s completions confirmed.", count)
            % {"count": count},
        )
    return redirect("tasks:review")
