"""Per request: attribute writes to the request (audit trail), end idle sessions, and keep
a user whose password was set by someone else on the password change page."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import audit
from accounts.services import LAST_ACTIVITY, MUST_CHANGE_PASSWORD

# The last-activity stamp is rewritten at most this often, so reading a page does not write
# the session each time.
ACTIVITY_RESOLUTION_SECONDS = 60
ALLOWED_DURING_FORCED_CHANGE = ("password_change", "password_change_done", "logout")


class AccountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with audit.request_context(request):
            return self._guard(request) or self.get_response(request)

    def _guard(self, request: HttpRequest) -> HttpResponse | None:
        session = request.session
        if SESSION_KEY not in session:
            return None
        now = time.time()
        last = session.get(LAST_ACTIVITY)
        if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT * 60:
            logout(request)
            messages.info(
                request,
                _("You were signed out after %(minutes)s minutes without activity.")
                % {"minutes": settings.SESSION_IDLE_TIMEOUT},
            )
            return None
        if last is None or now - last >= ACTIVITY_RESOLUTION_SECONDS:
            session[LAST_ACTIVITY] = now
        if session.get(MUST_CHANGE_PASSWORD) and not self._allowed(request):
            messages.warning(request, _("Your password was set by someone else: choose your own."))
            return redirect("password_change")
        return None

    @staticmethod
    def _allowed(request: HttpRequest) -> bool:
        return request.path in [reverse(name) for name in ALLOWED_DURING_FORCED_CHANGE]
