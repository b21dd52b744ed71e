"""The client's address, as sign-in protection and the audit trail both record it."""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, unless the app runs behind `TRUSTED_PROXY_COUNT` proxies: then the address
    that the outermost trusted proxy saw, read from the right of X-Forwarded-For. Entries
    further left are written by the client and never trusted, so a guesser cannot pick an
    address (or share one with the whole office) by sending the header."""
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    # Each trusted proxy appends the address it received from; the last `trusted` entries
    # are theirs, the one at -trusted is the client as the first trusted proxy saw it.
    if len(forwarded) < trusted:
        return remote
    return forwarded[-trusted]
