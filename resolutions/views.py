"""Document pages for coordinators: create and correct directing documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from resolutions import services
from resolutions.forms import DocumentForm, show_errors
from resolutions.models import Document
from resolutions.permissions import documents_visible_to
from resolutions.services import require_manager


def _form_page(request: HttpRequest, form: DocumentForm, document, same_code=None):
    context = {"form": form, "document": document, "same_code": same_code}
    return render(request, "resolutions/document_form.html", context)


def _saved(request: HttpRequest, document: Document, done: str) -> HttpResponse:
    messages.success(request, done % {"code": document.label})
    return redirect(f"{reverse('tasks:list')}?document={document.pk}")


@login_required
def document_new(request: HttpRequest) -> HttpResponse:
    require_manager(request.user)
    form = DocumentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
            return _form_page(request, form, None, services.same_code_document(error))
        else:
            return _saved(request, document, _("Document %(code)s created."))
    return _form_page(request, form, None)


@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_manager(request.user)
    document = get_object_or_404(documents_visible_to(request.user), pk=pk)
    fields = ("code", "issued_on", "title", "parent", "horizon", "issuing_unit")
    initial = {f: getattr(document, f) for f in fields}
    form = DocumentForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_update(
                user=request.user, document=document, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
            return _form_page(request, form, document, services.same_code_document(error))
        else:
            return _saved(request, document, _("Document %(code)s saved."))
    return _form_page(request, form, document)
