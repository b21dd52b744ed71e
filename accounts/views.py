"""Account pages: Django's password views with the site's templates, the people a
coordinator or administrator manages, and the audit trail for administrators."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import audit, services
from accounts.exports import audit_workbook
from accounts.forms import AuditFilterForm, person_forms, service_arguments
from accounts.memberships import memberships_of
from accounts.permissions import require_manage_people, require_read_audit
from accounts.selectors import audit_events, users_managed_by
from accounts.services import MUST_CHANGE_PASSWORD
from resolutions.forms import show_errors

PAGE_SIZE = 50
AUDIT_PAGE_SIZE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view; once the user chose their own password, nothing else is forced."""

    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session.pop(MUST_CHANGE_PASSWORD, None)
        return response


password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
)
password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html"
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


@login_required
@require_GET
def people(request: HttpRequest) -> HttpResponse:
    """The accounts the user manages (administrators: all; coordinators: their units')."""
    require_manage_people(request.user)
    page = Paginator(users_managed_by(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/people.html", {"page": page})


@login_required
def person_new(request: HttpRequest) -> HttpResponse:
    require_manage_people(request.user)
    form, roles = person_forms(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid() and roles.is_valid():
        try:
            person = services.user_create(actor=request.user, **service_arguments(form, roles))
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The account of %(name)s was created.") % {"name": person})
            return redirect("people")
    context = {"form": form, "roles": roles, "person": None}
    return render(request, "accounts/person_form.html", context)


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a person the user manages, every role they hold included; opening it shows
    their e-mail, so it is logged."""
    require_manage_people(request.user)
    person = get_object_or_404(users_managed_by(request.user), pk=pk)
    form, roles = person_forms(
        request.POST or None, actor=request.user, person=person, held=memberships_of(person)
    )
    if request.method == "GET":
        audit.record(action=audit.Action.READ_PERSONAL, obj=person, summary="email")
    if request.method == "POST" and form.is_valid() and roles.is_valid():
        arguments = service_arguments(form, roles)
        password = arguments.pop("password", "")
        try:
            services.user_update(actor=request.user, user=person, **arguments)
            if password:
                services.user_set_password(actor=request.user, user=person, password=password)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The account of %(name)s was saved.") % {"name": person})
            return redirect("people")
    context = {"form": form, "roles": roles, "person": person}
    return render(request, "accounts/person_form.html", context)


@login_required
@require_GET
def audit_trail(request: HttpRequest) -> HttpResponse:
    """Administrators read the trail, filtered by who, what and when."""
    require_read_audit(request.user)
    form = AuditFilterForm(request.GET)
    events = audit_events(**form.filters())
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "accounts/audit.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@login_required
@require_GET
def audit_export(request: HttpRequest) -> HttpResponse:
    """The filtered trail as an Excel workbook."""
    require_read_audit(request.user)
    events = audit_events(**AuditFilterForm(request.GET).filters())
    response = HttpResponse(audit_workbook(events), content_type=XLSX)
    day = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-{day}.xlsx"'
    return response
