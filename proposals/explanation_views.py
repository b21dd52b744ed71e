"""Pages of explanation requests: the list of a user's open and answered requests, and the
section a task or target page loads (its requests, the answer form, the ask form). Thin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from proposals import explanations
from proposals.forms import ExplanationAnswerForm, ExplanationRequestForm
from proposals.permissions import may_answer_explanation, may_ask_explanation
from reports.models import Target
from reports.selectors import targets_visible_to
from reports.views import HtmxHttpRequest
from resolutions.forms import show_errors
from tasks.models import Task
from tasks.selectors import tasks_visible_to

TEMPLATE = "proposals/explanations.html"


def _subject(request: HtmxHttpRequest, data) -> tuple[Task | None, Target | None]:
    """The task or target named by `data` (?task= or ?target=), among those the user sees."""
    task_id, target_id = data.get("task"), data.get("target")
    if task_id and str(task_id).isdigit():
        return get_object_or_404(tasks_visible_to(request.user), pk=task_id), None
    if target_id and str(target_id).isdigit():
        return None, get_object_or_404(targets_visible_to(request.user), pk=target_id)
    raise Http404


def _answer_form(item, submitted: ExplanationAnswerForm | None) -> ExplanationAnswerForm:
    """The answer form of `item`: the one just sent (with its errors) or a blank one."""
    prefix = f"a{item.pk}"
    return (
        submitted
        if submitted and submitted.prefix == prefix
        else ExplanationAnswerForm(prefix=prefix)
    )


def _section(request: HtmxHttpRequest, task, target, *, ask_form=None, answered=None):
    user = request.user
    requests = explanations.explanations_of(user, task=task, target=target)
    context = {
        "rows": [
            (item, _answer_form(item, answered), may_answer_explanation(user, item))
            for item in requests
        ],
        "task": task,
        "target": target,
        "may_ask": may_ask_explanation(user),
        "ask_form": ask_form
        or ExplanationRequestForm(
            initial={"task": task and task.pk, "target": target and target.pk}
        ),
    }
    return render(request, f"{TEMPLATE}#explanations", context)


@login_required
def explanation_section(request: HtmxHttpRequest) -> HttpResponse:
    """The explanation requests of one task or target, as its page loads them."""
    return _section(request, *_subject(request, request.GET))


@login_required
def explanation_list(request: HtmxHttpRequest) -> HttpResponse:
    """Every request the user sees: open ones first, due soonest first."""
    context = {
        "open": explanations.open_explanations(request.user),
        "answered": explanations.explanations_visible_to(request.user)
        .filter(answered_on__isnull=False)
        .order_by("-answered_on", "-id")[:50],
        "today": timezone.localdate(),
    }
    return render(request, "proposals/explanation_list.html", context)


@login_required
@require_POST
def explanation_ask(request: HtmxHttpRequest) -> HttpResponse:
    task, target = _subject(request, request.POST)
    form = ExplanationRequestForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            explanations.explanation_request(
                user=request.user,
                question=data["question"],
                answer_by=data["answer_by"],
                task=task,
                target=target,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Explanation requested."))
            return _section(request, task, target)
    return _section(request, task, target, ask_form=form)


@login_required
@require_POST
def explanation_answer(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(explanations.explanations_visible_to(request.user), pk=pk)
    form = ExplanationAnswerForm(request.POST, prefix=f"a{item.pk}")
    if form.is_valid():
        try:
            explanations.explanation_answer(
                user=request.user, request=item, answer=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Explanation sent."))
            return _section(request, item.task, item.target)
    return _section(request, item.task, item.target, answered=form)
