"""The import pages: upload (with the template to download), the preview of every row and
its errors, the confirmation, and the progress bar that htmx polls while Celery works."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from reports.spreadsheets import xlsx_response
from resolutions.services import require_manager
from tasks.imports.selectors import imports_of
from tasks.imports.services import import_progress, task_import_check, task_import_confirm
from tasks.imports.template import import_template
from tasks.models import TaskImport

TEMPLATE = "tasks/import.html"
ROWS_SHOWN = 200


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )


def _context(task_import: TaskImport | None, form: UploadForm, **extra) -> dict:
    context = {"form": form, "task_import": task_import, **extra}
    if task_import is not None:
        bad = {error["row"] for error in task_import.errors}
        context |= {
            "rows_shown": [row for row in task_import.rows if row["row"] not in bad][:ROWS_SHOWN],
            "progress": import_progress(task_import),
        }
    return context


@login_required
def import_upload(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The upload form (a new file, or a fixed one from a preview); a file that cannot be
    read comes back with the reason beside the field."""
    require_manager(request.user)
    previous = get_object_or_404(imports_of(request.user), pk=pk) if pk else None
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            task_import = task_import_check(
                user=request.user, upload=file, name=file.name, size=file.size
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("tasks:import", pk=task_import.pk)
    return render(request, TEMPLATE, _context(previous, form))


@login_required
@require_GET
def import_template_download(request: HttpRequest) -> HttpResponse:
    require_manager(request.user)
    return xlsx_response(import_template(request.user), _("Task import template.xlsx"))


@login_required
@require_GET
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    task_import = get_object_or_404(imports_of(request.user), pk=pk)
    return render(request, TEMPLATE, _context(task_import, UploadForm()))


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    task_import = get_object_or_404(imports_of(request.user), pk=pk)
    error = None
    try:
        task_import = task_import_confirm(user=request.user, task_import=task_import)
    except ValidationError as refused:
        error = " ".join(refused.messages)
        task_import.refresh_from_db()
    context = _context(task_import, UploadForm(), confirm_error=error)
    htmx = getattr(request, "htmx", False)
    return render(request, f"{TEMPLATE}#status" if htmx else TEMPLATE, context)


@login_required
@require_GET
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress partial; it asks to be polled again until the import is finished."""
    task_import = get_object_or_404(imports_of(request.user), pk=pk)
    return render(request, f"{TEMPLATE}#status", _context(task_import, UploadForm()))
