"""POST /api/v1/auth/token/: the same lockout, the same words as the login page."""

from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from accounts import audit
from accounts.lockout import LOCKED_STATUS, lockout_message
from accounts.services import must_change_password


def token_obtain(request: Request, *, serializer: Serializer) -> Response:
    """The user's token for good credentials; 429 with the lockout's end while django-axes
    holds the account (the backend marks the request), 403 while a password someone else
    set waits to be changed."""
    if not serializer.is_valid():
        if getattr(request, "axes_locked_out", False):
            username = str(request.data.get("username", ""))
            return Response({"detail": lockout_message(username)}, status=LOCKED_STATUS)
        raise exceptions.ValidationError(serializer.errors)
    user = serializer.validated_data["user"]
    if must_change_password(user):
        raise exceptions.PermissionDenied(
            _("Your password was set by someone else: sign in on the web and choose your own.")
        )
    token, _created = Token.objects.get_or_create(user=user)
    audit.record(action=audit.Action.LOGIN, obj=user, actor=user, summary="API token")
    return Response({"token": token.key}, status=status.HTTP_200_OK)
