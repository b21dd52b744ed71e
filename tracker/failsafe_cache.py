"""Django's Redis cache, made an accelerator rather than a dependency.

Everything the app keeps in the cache can be recomputed (the summary cache and its data
version, `reports/cache.py`) or may be forgotten (the API throttle's request budgets), so an
unreachable Redis must never fail a request: each operation then answers as a miss (`get`
gives the default, `add` and `delete` give False, writes do nothing) and logs a warning.

After a failure the backend skips Redis for `RETRY_SECONDS` (one warning per such window and
process, not one per call, and no connect timeout paid by every request of an outage), then
tries again. Sessions are not kept here (they live in the database), nor are login lockouts."""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
RETRY_SECONDS = 10.0
T = TypeVar("T")

# Monotonic time until which a location is treated as down, shared by every thread's
# instance of the backend (Django builds one per thread).
_down_until: dict[str, float] = {}
_lock = threading.Lock()


class ReusedClients(RedisCacheClient):
    """Django's client builds a new `redis.Redis` for every operation, and redis-py fills
    some 170 response callbacks into each: about a third of a cached 304 (issue 17). One
    per connection pool is kept instead; a `redis.Redis` is safe to share between threads."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        if index not in self._clients:
            self._clients[index] = super().get_client(key, write=write)
        return self._clients[index]


class FailSafeRedisCache(RedisCache):
    """RedisCache whose operations answer as a miss, with a logged warning, while Redis is
    unreachable. Set OPTIONS socket timeouts so a hung Redis cannot hold a request long.
    `incr`/`decr` keep Django's behaviour; the app counts with `count`."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients
        self._location = str(server)

    def _safely(self, fallback: T, call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        location = self._location
        if time.monotonic() < _down_until.get(location, 0.0):
            return fallback
        try:
            return call(*args, **kwargs)
        except RedisError as error:
            with _lock:
                _down_until[location] = time.monotonic() + RETRY_SECONDS
            logger.warning(
                "Cache unreachable (%s: %s); working without it for %d s.",
                type(error).__name__,
                error,
                RETRY_SECONDS,
            )
            return fallback

    def count(self, key: str, timeout: int) -> int | None:
        """Add one to the counter `key`, created with `timeout` seconds to live, and return
        it: one round trip (issue 17: the API throttle). None while Redis is unreachable."""

        def run() -> int:
            stored = self.make_and_validate_key(key)
            pipe = self._cache.get_client(stored, write=True).pipeline(transaction=False)
            _count_up(pipe, stored, timeout)
            return pipe.execute()[0]

        return self._safely(None, run)

    def get_many_and_count(self, keys, counter: str, timeout: int) -> tuple[dict, int | None]:
        """`get_many(keys)` and `count(counter, timeout)` in one round trip (issue 17: a
        token's entry, the data version and the token's request counter)."""

        def run() -> tuple[dict, int | None]:
            stored = {self.make_and_validate_key(key): key for key in keys}
            counted = self.make_and_validate_key(counter)
            pipe = self._cache.get_client(None, write=True).pipeline(transaction=False)
            pipe.mget(list(stored))
            _count_up(pipe, counted, timeout)
            values, count, _ = pipe.execute()
            loads = self._cache._serializer.loads  # type: ignore[attr-defined]
            pairs = zip(stored, values, strict=True)
            return {stored[k]: loads(v) for k, v in pairs if v is not None}, count

        missed: tuple[dict, int | None] = ({}, None)
        return self._safely(missed, run)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._safely(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._safely(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._safely({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._safely(False, super().has_key, key, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._safely(None, super().delete_many, keys, version)

    def clear(self):
        return self._safely(None, super().clear)


def _count_up(pipe, key: str, timeout: int) -> None:
    """Queue one more on the counter `key`, and its time to live if it has none yet (Redis
    7: `EXPIRE … NX`). No MULTI/EXEC: both go in one round trip, and whichever client sets
    the time to live first sets it; without the transaction's three extra replies a cached
    304 costs 11% fewer instructions (callgrind, issue 17)."""
    pipe.incr(key)
    pipe.expire(key, timeout, nx=True)


def count(key: str, timeout: int) -> int | None:
    """One more request under `key` in the default cache: Redis's counter in one round trip;
    without Redis (the embedded default, a cache per process), the cache's add and incr."""
    cache = caches["default"]
    if isinstance(cache, FailSafeRedisCache):
        return cache.count(key, timeout)
    cache.add(key, 0, timeout)
    return cache.incr(key)


def get_many_and_count(keys: list[str], counter: str, timeout: int) -> tuple[dict, int | None]:
    """The default cache's `get_many(keys)` and `count(counter, timeout)`: one round trip
    with Redis."""
    cache = caches["default"]
    if isinstance(cache, FailSafeRedisCache):
        return cache.get_many_and_count(keys, counter, timeout)
    return cache.get_many(keys), count(counter, timeout)
