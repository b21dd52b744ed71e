"""Task pages for unit staff and coordinators. Each view parses the request, calls one
selector or service, and renders the page or, for htmx, the partial it replaces."""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_htmx.middleware import HtmxDetails

from reports.exports import EXPORT_MAX_TASKS, tasks_table
from reports.spreadsheets import export_query, tables_download, wants_xlsx
from resolutions.forms import show_errors
from resolutions.permissions import User, may_break_down, may_change_task
from tasks import batches, services
from tasks.breakdown import breakdown_context
from tasks.forms import (
    BlockerForm,
    BlockerResolveForm,
    CancelForm,
    ChangeRequestForm,
    CompletionDecisionForm,
    DecisionForm,
    ExtensionRequestForm,
    ProgressForm,
    TaskFilterForm,
)
from tasks.lifecycle import may_map, may_report
from tasks.listing import with_row_figures
from tasks.models import AssignmentBatch, Blocker, Extension, Task
from tasks.paging import TaskPaginator
from tasks.selectors import (
    blockers_visible_to,
    evidence_visible_to,
    newest_first,
    task_detail,
    task_list,
    task_to_change,
    with_page_relations,
    with_report_relations,
)

PAGE_SIZE = 25


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@login_required
@require_GET
def task_list_page(request: HtmxHttpRequest) -> HttpResponse:
    """My tasks: the tasks the user may see, filtered by the query string."""
    as_of = timezone.localdate()
    form = TaskFilterForm(request.GET, user=request.user)
    tasks = task_list(user=request.user, as_of=as_of, **form.filters())
    if wants_xlsx(request):
        rows = tasks_table(tasks[:EXPORT_MAX_TASKS], as_of=as_of)
        return tables_download([rows], _("Tasks"), as_of)
    page = TaskPaginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_row_figures(page.object_list, as_of=as_of)
    query = request.GET.copy()
    query.pop("page", None)
    template = "tasks/task_list.html#task-rows" if request.htmx else "tasks/task_list.html"
    batch_id = form.filters()["batch"]
    batch = AssignmentBatch.objects.filter(pk=batch_id).first() if batch_id else None
    context = {
        "batch": batch,
        "may_undo": batch is not None and batches.may_undo(request.user, batch),
        "form": form,
        "page": page,
        "as_of": as_of,
        "query": query.urlencode(),
        "document": form.filters()["document"],
        "export_query": export_query(request),
    }
    return render(request, template, context)


def visible_task(request: HtmxHttpRequest, pk: int) -> Task:
    try:
        return task_detail(user=request.user, pk=pk)
    except Task.DoesNotExist:
        raise Http404(_("No such task, or it is not one you may see.")) from None


def _open_blockers(
    blockers: list[Blocker], submitted: BlockerResolveForm | None
) -> list[tuple[Blocker, BlockerResolveForm]]:
    """Each open blocker with its resolve form; the form just sent keeps what was typed."""
    rows = []
    for blocker in blockers:
        form = BlockerResolveForm.of(blocker)
        rows.append((blocker, submitted if submitted and submitted.prefix == form.prefix else form))
    return rows


def _progress_form(task: Task) -> ProgressForm:
    """A blank progress form for `task` as it stands: its status, percent and version."""
    initial = {"status": task.status, "percent": task.percent, "expected_version": task.version}
    return ProgressForm(initial=initial, task=task)


def _task_context(request: HtmxHttpRequest, task: Task, **forms) -> dict:
    user = request.user
    may_change = may_change_task(user, task)
    blockers = list(task.blockers.all())
    return {
        "task": task,
        "as_of": timezone.localdate(),
        "may_change": may_change,
        "may": may_map(user, task),
        "pending_extension": any(
            e.status == Extension.Status.PENDING for e in task.extensions.all()
        ),
        "pending_change": any(
            r.status == Extension.Status.PENDING for r in task.change_requests.all()
        ),
        "progress_form": forms.get("progress_form") or _progress_form(task),
        "extension_form": forms.get("extension_form") or ExtensionRequestForm(),
        "decision_form": forms.get("decision_form") or CompletionDecisionForm(),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "reopen_form": forms.get("reopen_form") or DecisionForm(),
        "change_form": forms.get("change_form") or ChangeRequestForm(),
        "open_blockers": _open_blockers(
            [b for b in blockers if b.is_open], forms.get("resolve_form")
        ),
        "resolved_blockers": [b for b in blockers if not b.is_open],
        "blocker_form": forms.get("blocker_form") or BlockerForm(),
        "stale": forms.get("stale", False),
        **breakdown_context(user, task),
    }


@login_required
@require_GET
def task_page(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    task = visible_task(request, pk)
    return render(request, "tasks/task_detail.html", _task_context(request, task))


def _task_partial(
    request: HtmxHttpRequest, task: Task, partial: str, *, written: Task | None = None, **forms
) -> HttpResponse:
    """The task page (or one partial of it for htmx) after a write, with fresh data: the
    row the service returned (`written`), else read again; a plain successful POST is
    redirected so reloading the page does not send it again."""
    if not request.htmx and not forms:
        return redirect("tasks:detail", pk=task.pk)
    fresh = with_page_relations(written) if written else visible_task(request, task.pk)
    template = f"tasks/task_detail.html#{partial}" if request.htmx else "tasks/task_detail.html"
    response = render(request, template, _task_context(request, fresh, **forms))
    if request.htmx and not forms:
        response["HX-Trigger"] = "task-changed"
    return response


def _with_idempotency_key(request: HttpRequest, data: dict) -> dict:
    """A form's data with the `Idempotency-Key` header, which a client sending a queued
    report sets, in place of the form's hidden key (forms without one are left alone)."""
    header = request.headers.get("Idempotency-Key", "")
    if "idempotency_key" not in data or not header:
        return data
    return {**data, "idempotency_key": header}


def _submit(
    request: HtmxHttpRequest, task: Task, form: Form, write: Callable, form_name: str, done: str
) -> HttpResponse:
    """Call the service `write` with the valid `form`'s data: the message `done` and the
    fresh task partial after, or the form again, under `form_name`, with the errors it or
    the service found."""
    if form.is_valid():
        try:
            write(**_with_idempotency_key(request, form.cleaned_data))
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, done)
            return _task_partial(request, task, "task-main")
    typed: dict[str, Any] = {form_name: form}
    return _task_partial(request, task, "task-main", **typed)


def _actions(user: User, task: Task) -> dict[str, bool]:
    """What `user` may do on `task` as it stands: every form of the task page besides the
    progress form hangs on these answers."""
    return {**may_map(user, task), "break_down": may_break_down(user, task)}


def _progress_saved(
    request: HtmxHttpRequest, before: Task, written: Task, *, evidence: bool
) -> HttpResponse:
    """The htmx answer to a saved progress report (issue 17). A report that leaves what
    may be done on the task as it was (the task stays open) changes only the status, the
    percent, the output delivered, the progress form (its statuses and new version), the
    history and, with a file, the evidence: those alone are sent, as out-of-band swaps,
    and the rest of the page keeps what it shows (the supporting units, the deadline and
    its state today, extensions, blockers, change requests, sub-tasks: nothing such a
    report moves), so none of it is read again. A report that changes what may be done
    (a completion: confirm, reopen, no more reports or requests) gets the whole task."""
    may = _actions(request.user, written)
    if _actions(request.user, before) != may:
        return _task_partial(request, before, "task-main", written=written)
    # The entries the report wrote go on top of the history the page shows, unless a file
    # came (its entries are written apart) or the report was a replay (none written).
    new = None if evidence else getattr(written, "recorded_changes", None)
    task = with_report_relations(written, evidence=evidence, history=new is None)
    context = {
        "task": task,
        "may": may,
        "progress_form": _progress_form(task),
        "evidence_changed": evidence,
        "new_changes": None if new is None else newest_first(new),
    }
    response = render(request, "tasks/task_detail.html#progress-saved", context)
    response["HX-Reswap"] = "none"  # the form's target (#task-main) stays; only the parts swap
    response["HX-Trigger"] = "task-changed"
    return response


@login_required
@require_POST
def task_progress(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Save a progress report; on an error or a stale form, show it again as typed. What
    the page shows after it is rendered from the row the service returns, for htmx only
    the parts a report changes (`_progress_saved`, issue 17)."""
    try:
        task = task_to_change(user=request.user, pk=pk)
    except Task.DoesNotExist:
        raise Http404(_("No such task, or it is not one you may see.")) from None
    form = ProgressForm(request.POST, request.FILES, task=task)
    if form.is_valid():
        data = form.cleaned_data
        try:
            written = services.task_report_progress(
                user=request.user,
                task=task,
                status=data["status"],
                percent=data["percent"],
                note=data["note"],
                expected_version=data["expected_version"],
                evidence=[data["evidence"]] if data["evidence"] else [],
                idempotency_key=_with_idempotency_key(request, data)["idempotency_key"],
                output=data["output"],
            )
        except PermissionDenied as refused:
            if not may_report(request.user, task):
                raise
            # e.g. staff choosing "Dừng thực hiện": the lifecycle's reason beside the form
            form.add_error("status", str(refused))
            return _task_partial(request, task, "task-main", progress_form=form)
        except ValidationError as error:
            stale = getattr(error, "code", None) == "stale"
            if stale:
                # The user has now seen the newer state: saving again is a deliberate choice.
                typed = request.POST.copy()
                typed["expected_version"] = str(Task.objects.get(pk=pk).version)
                form = ProgressForm(typed, task=task)
                form.is_valid()
            show_errors(form, error)
            return _task_partial(request, task, "task-main", progress_form=form, stale=stale)
        messages.success(request, _("Progress report saved."))
        if request.htmx:
            return _progress_saved(request, task, written, evidence=bool(data["evidence"]))
        return _task_partial(request, task, "task-main", written=written)
    return _task_partial(request, task, "task-main", progress_form=form)


def task_form_view(
    service: Callable, form_class: type[Form], form_name: str, done: str | Promise
) -> Callable[..., HttpResponse]:
    """The view of one of the task page's write forms: the visible task, the form, one
    service called with its data (`_submit`), the message `done` after it."""

    @login_required
    @require_POST
    def view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
        task = visible_task(request, pk)
        write = functools.partial(service, user=request.user, task=task)
        return _submit(request, task, form_class(request.POST), write, form_name, str(done))

    return view


extension_request = task_form_view(
    services.extension_request,
    ExtensionRequestForm,
    "extension_form",
    gettext_lazy("Extension request sent; coordinators will decide."),
)
blocker_raise = task_form_view(
    services.blocker_raise, BlockerForm, "blocker_form", gettext_lazy("Blocker recorded.")
)


@login_required
@require_POST
def blocker_resolve(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    blocker = get_object_or_404(blockers_visible_to(request.user), pk=pk)
    form = BlockerResolveForm.of(blocker, request.POST)
    write = functools.partial(services.blocker_resolve, user=request.user, blocker=blocker)
    done = _("Blocker marked as resolved.")
    return _submit(request, blocker.task, form, write, "resolve_form", done)


@login_required
@require_POST
def task_decide_completion(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Confirm a reported completion, or send it back with a reason."""
    task = visible_task(request, pk)
    form = CompletionDecisionForm(request.POST)
    form.is_valid()
    try:
        if request.POST.get("action") == "confirm":
            services.task_confirm_completion(user=request.user, task=task)
            messages.success(request, _("Completion confirmed."))
        else:
            services.task_send_back(user=request.user, task=task, note=form.cleaned_data["note"])
            messages.success(request, _("Completion sent back to the unit."))
    except ValidationError as error:
        show_errors(form, error)
        return _task_partial(request, task, "task-main", decision_form=form)
    return _task_partial(request, task, "task-main")


@login_required
@require_GET
def evidence_download(request: HtmxHttpRequest, pk: int) -> FileResponse:
    """An evidence file, only for those who may see its task; always as a download."""
    evidence = get_object_or_404(evidence_visible_to(request.user), pk=pk)
    response = FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name
    )
    response["Content-Type"] = evidence.content_type
    return response
