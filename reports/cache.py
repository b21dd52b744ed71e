"""The summary cache and its invalidation.

A cached summary is stored under a key that contains the current *data version*, a random
token kept in the cache itself, and who asked what. Every save or delete of a task, an
extension, a supporting-unit link, a unit, a document, a user or a membership (these decide
what a user may see) replaces the token (Django signals, so services, the admin and the seed
are all covered; history rows need not, as every counted change saves its task), once at the
change and once more when its transaction commits: a summary that a concurrent request
computed from the data before the commit is never reached again. Old entries are never read
again and expire.

Writes that bypass signals (`QuerySet.update()`, `bulk_create`, raw SQL) must call
`data_changed()` themselves.

The cache is an accelerator (`tracker.failsafe_cache`): while Redis is unreachable the
version reads as a fresh token each time, so every summary is computed, never cached.

Keys carry the database name, so test databases sharing one Redis never see each other's
entries. With the embedded default (no REDIS_URL) the cache is per process, which is right
for the single development server; production runs with Redis, shared by every worker."""

import hashlib
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from resolutions.models import Document, Membership, Unit
from tasks.models import Extension, Task
from tracker import failsafe_cache


def _prefix() -> str:
    return f"summary:{connection.settings_dict['NAME']}"


# Set when a change could not replace the token (the cache was unreachable): this process
# replaces it again before it next reads one, so summaries cached before an outage that
# kept Redis's data are not served after it.
_missed_change = False


def _new_version() -> None:
    global _missed_change
    key, token = f"{_prefix()}:version", uuid.uuid4().hex
    cache.set(key, token, timeout=None)
    # Another process may have replaced it meanwhile: that is a change made too.
    _missed_change = cache.get(key) is None


def data_changed() -> None:
    """Make every cached summary stale, now and again when the current transaction commits.
    The second time only replaces the token: a callback that registered itself again would
    never end where commit callbacks run inside an outer atomic block (tests)."""
    _new_version()
    if connection.in_atomic_block:
        transaction.on_commit(_new_version)


def data_version() -> str:
    """The token that names the current state of the data."""
    return versioned_get("").version


class Versioned(NamedTuple):
    version: str  # the data version read with the value
    value: Any
    counted: int | None = None  # the counter asked for, one more (None: not asked, no cache)


def versioned_get(key: str, *, counter: tuple[str, int] | None = None) -> Versioned:
    """The data version and the value cached at `key` (None if none; no key: nothing), in
    one cache round trip while a version is set (issue 17: the token cache and the summary
    read both this way); with `counter` (a key and its seconds to live), that counter is
    counted up in the same round trip (the token's request budget)."""
    version_key = f"{_prefix()}:version"
    if _missed_change:
        _new_version()
    keys = [version_key, key] if key else [version_key]
    count = None
    if counter:
        found, count = failsafe_cache.get_many_and_count(keys, *counter)
    else:
        found = cache.get_many(keys)
    version = found.get(version_key)
    if version is None:  # none yet (or the cache unreachable): set one, or read the winner's
        cache.add(version_key, uuid.uuid4().hex, timeout=None)
        version = cache.get(version_key) or uuid.uuid4().hex
    return Versioned(version, found.get(key), count)


def cached_at_version(
    key: str,
    compute: Callable[[], Any],
    *,
    timeout: int,
    counter: tuple[str, int] | None = None,
) -> Versioned:
    """The value at `key` if it was cached at the current data version, else `compute()`,
    cached with the version (the version is read first: a change committed meanwhile gives
    a new one, and a value computed before it is never used); `counter` as in
    `versioned_get`."""
    found = versioned_get(key, counter=counter)
    entry = found.value
    if entry is not None and entry[0] == found.version:
        return found._replace(value=entry[1])
    value = compute()
    cache.set(key, (found.version, value), timeout=timeout)
    return found._replace(value=value)


def summary_tag(parts: tuple[Any, ...], *, version: str | None = None) -> str:
    """The entity tag of the summary named by `parts` as the data stand now (`version`,
    when the caller has just read it): it changes whenever the data version does, so a
    client holding it holds the current figures."""
    version = version or data_version()
    return hashlib.sha256(f"{version}:{parts!r}".encode()).hexdigest()[:32]


def cached_summary(
    parts: tuple[Any, ...], compute: Callable[[], bytes], *, tag: str | None = None
) -> bytes:
    """The JSON body of the summary named by `parts` (who asks, and what) for the current
    data version (`tag`, from `summary_tag`, when the caller has it), computed on a miss; an
    exception from `compute` caches nothing."""
    key = f"{_prefix()}:{tag or summary_tag(parts)}"
    with _recent_lock:
        summary = _recent.get(key)
    if summary is None:
        summary = cache.get(key)
        if summary is None:
            summary = compute()
            cache.set(key, summary, timeout=settings.API_SUMMARY_CACHE_SECONDS)
    with _recent_lock:
        _recent[key] = summary
        _recent.move_to_end(key)
        while len(_recent) > RECENT_SUMMARIES:
            _recent.popitem(last=False)
    return summary


# The summaries this process served last, by key (issue 17: no cache round trip for a
# summary asked again). The key holds the data version, read from the cache on every
# request, so an entry is never served after a change: old keys are just never asked.
RECENT_SUMMARIES = 64
_recent: OrderedDict[str, bytes] = OrderedDict()
_recent_lock = threading.Lock()


def _on_change(sender, **kwargs) -> None:
    if kwargs.get("action", "post_").startswith("post_"):  # m2m_changed also sends pre_*
        data_changed()


def connect_signals() -> None:
    from rest_framework.authtoken.models import Token

    # Tokens too: a revoked token must not stay known to the token cache (issue 17).
    for model in (Task, Extension, Unit, Document, Membership, get_user_model(), Token):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"summary-{model.__name__}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"summary-d-{model.__name__}")
    m2m_changed.connect(
        _on_change, sender=Task.supporting_units.through, dispatch_uid="summary-supporting"
    )
