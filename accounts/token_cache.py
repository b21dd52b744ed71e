"""Token authentication that asks the database once per data version (issue 17).

A known token is answered from the cache: the user with their membership and its unit, as
`accounts.backends.ModelBackend` reads them. The entry is stored under the summary cache's
data version (`reports.cache`), which every save or delete of a user (deactivated, new
password), a membership, a unit or a token (revoked) replaces at once and again on commit:
a revoked token or a deactivated account is never let in from the cache. While Redis is
unreachable the version is fresh on every request, so every token is checked against the
database, as without the cache."""

import hashlib

from django.core.cache import cache
from django.db import connection
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from reports.cache import data_version

# Seconds an entry lives at most; any change that matters replaces the version sooner.
TOKEN_CACHE_SECONDS = 300


def _key(token: str) -> str:
    digest = hashlib.sha256(token.encode()).hexdigest()  # the token itself never in Redis
    return f"auth:{connection.settings_dict['NAME']}:{data_version()}:{digest}"


class CachedTokenAuthentication(TokenAuthentication):
    """`Authorization: Token …`, as DRF's, with the answer for a known token cached."""

    def authenticate_credentials(self, key: str):
        cache_key = _key(key)
        user = cache.get(cache_key)
        if user is None:
            try:
                token = Token.objects.select_related("user__membership__unit").get(key=key)
            except Token.DoesNotExist:
                raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
            user = token.user
            if not user.is_active:
                raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
            cache.set(cache_key, user, timeout=TOKEN_CACHE_SECONDS)
        return user, _KnownToken(key, user)


class _KnownToken:
    """What `request.auth` holds: the key (the throttle counts per token) and its user."""

    def __init__(self, key: str, user) -> None:
        self.key = key
        self.user = user
