"""Token authentication that asks the database once per data version (issue 17).

A known token is answered from the cache: the user with the roles they hold
(`resolutions.permissions.held_roles`, read before the entry is written). The entry holds
the summary cache's data version (`reports.cache`) it was read at, and counts only while
that is still the version:
every save or delete of a user (deactivated, new password), a membership, a unit or a
token (revoked) replaces it at once and again on commit, so a revoked token or a
deactivated account is never let in from the cache. While Redis is
unreachable the version is fresh on every request, so every token is checked against the
database, as without the cache."""

import functools
import hashlib
from dataclasses import dataclass, replace
from typing import Any

from django.db import connection
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from reports.cache import cached_at_version
from resolutions.permissions import held_roles
from tracker.api import TokenRateThrottle

# Seconds an entry lives at most; any change that matters replaces the version sooner.
TOKEN_CACHE_SECONDS = 300


def _key(token: str) -> str:
    digest = hashlib.sha256(token.encode()).hexdigest()  # the token itself never in Redis
    return f"auth:{connection.settings_dict['NAME']}:{digest}"


class CachedTokenAuthentication(TokenAuthentication):
    """`Authorization: Token …`, as DRF's, with the answer for a known token cached: one
    cache round trip reads the data version and the entry together, and counts the request
    in the token's budget (`tracker.api.TokenRateThrottle`)."""

    def authenticate_credentials(self, key: str):
        counter = TokenRateThrottle.token_counter(key)
        found = cached_at_version(
            _key(key),
            functools.partial(_active_user, key),
            timeout=TOKEN_CACHE_SECONDS,
            counter=counter,
        )
        known = KnownToken(key=key, user=found.value, data_version=found.version)
        if counter and found.counted is not None:
            known = replace(known, counter_key=counter[0], count=found.counted)
        return found.value, known


def _active_user(key: str):
    try:
        # The password hash stays out of the cache (and out of a later save: Django saves
        # only the loaded fields of a row read with a deferred one).
        token = Token.objects.select_related("user").defer("user__password").get(key=key)
    except Token.DoesNotExist:
        raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
    user = token.user
    if not user.is_active:
        raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
    held_roles(user)  # read now, so that the cached user carries their roles
    return user


@dataclass(frozen=True)
class KnownToken:
    """What `request.auth` holds: the key (the throttle counts per token), its user, the
    data version read with it (the summary's tag needs no second read) and the throttle's
    counter with its count, read in the same round trip (the throttle needs no second;
    None when Redis did not count)."""

    key: str
    user: Any
    data_version: str
    counter_key: str | None = None
    count: int | None = None
