"""The coordinators' task pages: the review queue and its decisions, the task form, a
task's breakdown into sub-tasks and its roll-up. Thin views over the services, as in
tasks/views.py, whose helpers they share."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from resolutions.forms import show_errors
from resolutions.permissions import require_break_down
from resolutions.services import require_manager
from tasks import batches, services
from tasks.batch_views import assign_preview, assigned_message, batch_url
from tasks.breakdown import task_set_rollup
from tasks.forms import (
    DecisionForm,
    TaskForm,
)
from tasks.models import Extension, Task
from tasks.selectors import (
    change_requests_pending,
    completions_to_confirm,
    extensions_pending,
    extensions_visible_to,
)
from tasks.views import HtmxHttpRequest, visible_task

# Completions waiting for confirmation shown on the review page, oldest first.
REVIEW_COMPLETIONS_SHOWN = 20
# Extension and stop/adjust requests shown, oldest first (issue 20: no queue is read whole).
REVIEW_REQUESTS_SHOWN = 50


def _oldest(requests: QuerySet) -> tuple[list, bool]:
    """The first `REVIEW_REQUESTS_SHOWN` of a queue, and whether more are waiting: one
    query, no count."""
    rows = list(requests[: REVIEW_REQUESTS_SHOWN + 1])
    return rows[:REVIEW_REQUESTS_SHOWN], len(rows) > REVIEW_REQUESTS_SHOWN


@login_required
@require_GET
def review_queue(request: HtmxHttpRequest) -> HttpResponse:
    """Coordinators: extension requests and completions waiting for a decision."""
    require_manager(request.user)
    completions = completions_to_confirm(request.user)
    extensions, more_extensions = _oldest(extensions_pending(request.user))
    change_requests, more_change_requests = _oldest(change_requests_pending(request.user))
    context = {
        "extensions": extensions,
        "more_extensions": more_extensions,
        "change_requests": change_requests,
        "more_change_requests": more_change_requests,
        "completions": completions[:REVIEW_COMPLETIONS_SHOWN],
        "completion_count": completions.count(),
        "form": DecisionForm(),
    }
    return render(request, "tasks/review_queue.html", context)


@login_required
@require_POST
def extension_decide(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Approve or reject one extension request; htmx gets the row back with the decision."""
    require_manager(request.user)
    extension = get_object_or_404(extensions_visible_to(request.user), pk=pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    try:
        if request.POST.get("action") == "approve":
            extension = services.extension_approve(
                user=request.user, extension=extension, note=note
            )
            messages.success(request, _("Extension approved: the new deadline is in force."))
        else:
            extension = services.extension_reject(user=request.user, extension=extension, note=note)
            messages.success(request, _("Extension rejected."))
    except ValidationError as error:
        show_errors(form, error)
    extension = Extension.objects.select_related(
        "task__document", "task__lead_unit", "requested_by"
    ).get(pk=pk)
    if request.htmx:
        context = {"extension": extension, "form": form}
        return render(request, "tasks/review_queue.html#extension-row", context)
    return redirect("tasks:review")


def _task_form_response(
    request: HtmxHttpRequest, form: TaskForm, task: Task | None
) -> HttpResponse:
    return render(request, "tasks/task_form.html", {"form": form, "task": task})


@login_required
def task_new(request: HtmxHttpRequest) -> HttpResponse:
    """Create a task for one or many lead units (one task each), all in one transaction.
    For several units the coordinator first sees what will be created and confirms; the
    result is a message and the list of exactly the tasks created, which may be undone."""
    require_manager(request.user)
    initial = {"document": request.GET.get("document")}
    form = TaskForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid() and "back" not in request.POST:
        data = form.cleaned_data
        units = form.lead_units_chosen()
        if len(set(units)) > 1 and "confirm" not in request.POST:
            return render(request, "tasks/assign_preview.html", assign_preview(request, form))
        assignment = {
            "document": data["document"],
            "title": data["title"],
            "description": data["description"],
            "lead_units": units,
            "supporting_units": data["supporting_units"],
            "assigned_on": data["assigned_on"],
            "deadline": data["deadline"],
            "expected_output": data["expected_output"],
        }
        try:
            if len(set(units)) > 1:
                batch = batches.batch_assign(user=request.user, **assignment)
            else:
                tasks = services.task_assign_many(user=request.user, **assignment)
        except ValidationError as error:
            show_errors(form, error)
        else:
            if len(set(units)) == 1:
                messages.success(request, _("Task assigned."))
                return redirect("tasks:detail", pk=tasks[0].pk)
            count = batch.tasks.count()
            messages.success(request, assigned_message(batch, count))
            return redirect(batch_url(batch))
    return _task_form_response(request, form, None)


@login_required
def task_breakdown(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Break a task down into sub-tasks for units of the coordinator's tree (issue 13)."""
    parent = visible_task(request, pk)
    require_break_down(request.user, parent)
    initial: dict[str, object] = {"document": request.GET.get("document"), "title": parent.title}
    initial |= {"deadline": parent.deadline, "assigned_on": timezone.localdate()}
    form = TaskForm(request.POST or None, initial=initial, user=request.user, parent=parent)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.task_assign_many(
                user=request.user,
                document=data["document"],
                title=data["title"],
                description=data["description"],
                lead_units=form.lead_units_chosen(),
                supporting_units=data["supporting_units"],
                assigned_on=data["assigned_on"],
                deadline=data["deadline"],
                expected_output=data["expected_output"],
                parent=parent,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            return redirect("tasks:detail", pk=parent.pk)
    return render(request, "tasks/task_form.html", {"form": form, "task": None, "parent": parent})


@login_required
@require_POST
def task_rollup(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The coordinator's choice: the percent rolled up from the sub-tasks, or by hand."""
    task = visible_task(request, pk)
    task_set_rollup(user=request.user, task=task, rolls_up=bool(request.POST.get("rolls_up")))
    return redirect("tasks:detail", pk=task.pk)


@login_required
def task_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    require_manager(request.user)
    task = visible_task(request, pk)
    initial = {
        "title": task.title,
        "description": task.description,
        "expected_output": task.expected_output,
        "deadline": task.deadline,
        "supporting_units": list(task.supporting_units.all()),
        "expected_version": task.version,
    }
    form = TaskForm(request.POST or None, initial=initial, editing=True, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.task_update(
                user=request.user,
                task=task,
                title=data["title"],
                description=data["description"],
                deadline=data["deadline"],
                supporting_units=data["supporting_units"],
                expected_version=data["expected_version"],
                expected_output=data["expected_output"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Task saved."))
            return redirect("tasks:detail", pk=task.pk)
    return _task_form_response(request, form, task)
