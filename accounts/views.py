"""Account pages: Django's password views with the site's templates."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from accounts.services import MUST_CHANGE_PASSWORD


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
