"""What a locked-out person is told, on the login page and by the token endpoint alike:
that the account is locked, and until when."""

from datetime import datetime

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

LOCKED_STATUS = 429


def locked_until(username: str) -> datetime | None:
    """When the lockout of `username` ends: its last counted failure plus the cool-off."""
    last = AccessAttempt.objects.filter(username=username).aggregate(last=Max("attempt_time"))
    cool_off = get_cool_off()
    if last["last"] is None or cool_off is None:
        return None
    return last["last"] + cool_off


def is_locked(request: HttpRequest, credentials: dict) -> bool:
    return not AxesProxyHandler.is_allowed(request, credentials)


def lockout_message(username: str) -> str:
    until = locked_until(username)
    if until is None:
        return _("This account is locked after too many failed sign-ins; ask an administrator.")
    shown = formats.date_format(timezone.localtime(until), "H:i d/m/Y")
    return _(
        "This account is locked after too many failed sign-ins, until %(until)s. "
        "Try again then, or ask an administrator to unlock it."
    ) % {"until": shown}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """django-axes' AXES_LOCKOUT_CALLABLE for the login page: the site's page, status 429."""
    username = str((credentials or {}).get("username") or request.POST.get("username", ""))
    return render(
        request,
        "accounts/locked_out.html",
        {"message": lockout_message(username), "username": username},
        status=LOCKED_STATUS,
    )
