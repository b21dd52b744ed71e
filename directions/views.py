"""The directions section a task page loads, and the form leaders write one with."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from directions.services import direction_give, directions_for_task, may_direct
from reports.views import HtmxHttpRequest
from resolutions.forms import StyledForm, show_errors
from tasks.models import Task
from tasks.selectors import tasks_visible_to


class DirectionForm(StyledForm):
    text = forms.CharField(
        label=_("Direction"), max_length=20000, widget=forms.Textarea(attrs={"rows": 2})
    )
    on_document = forms.BooleanField(label=_("For the whole document"), required=False)


def _section(request: HtmxHttpRequest, task: Task, form: DirectionForm | None = None):
    context = {
        "task": task,
        "directions": directions_for_task(task),
        "may_direct": may_direct(request.user),
        "form": form or DirectionForm(),
    }
    return render(request, "directions/section.html#directions", context)


@login_required
def task_directions(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _section(request, get_object_or_404(tasks_visible_to(request.user), pk=pk))


@login_required
@require_POST
def task_direction_give(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(tasks_visible_to(request.user).select_related("document"), pk=pk)
    form = DirectionForm(request.POST)
    if form.is_valid():
        on_document = form.cleaned_data["on_document"]
        try:
            direction_give(
                user=request.user,
                text=form.cleaned_data["text"],
                task=None if on_document else task,
                document=task.document if on_document else None,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Direction recorded."))
            return _section(request, task)
    return _section(request, task, form)
