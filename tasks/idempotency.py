"""Writes that may arrive twice (a retry on a weak signal, a report queued offline and sent
again) recorded once: the client names each write with a key of its own."""

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tasks.models import Blocker, Extension, IdempotencyKey, Task

KEY_MAX_LENGTH = IdempotencyKey._meta.get_field("key").max_length or 100
RESULT_MODELS: dict[str, type[models.Model]] = {
    IdempotencyKey.Action.PROGRESS: Task,
    IdempotencyKey.Action.BLOCKER: Blocker,
    IdempotencyKey.Action.EXTENSION: Extension,
}
Result = TypeVar("Result", bound=models.Model)


def once_per_key(
    action: str, *, result_of: Callable[[dict[str, Any]], int] | None = None
) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """Give a service an `idempotency_key` argument: with a key this user already sent, the
    service is not run again and the first result is returned, re-read from the database.
    Apply it inside the service's `transaction.atomic`; `result_of` names the result's id
    from the arguments when it is known before the write (a report's task).

    The key is claimed before the write, in the same transaction: a second request with
    the key waits on the unique index until the first commits (then it is a replay) or rolls
    back (then it runs, as the first never happened). A stale form or a refused write rolls
    the claim back with it, so the same key may be sent again once the user has decided.
    The claim costs one statement (issue 17), two when the result is a new row."""

    def decorate(service: Callable[..., Result]) -> Callable[..., Result]:
        @functools.wraps(service)
        def run(*, user, idempotency_key: str = "", **kwargs: Any) -> Result:
            key = (idempotency_key or "").strip()
            if not key:
                return service(user=user, **kwargs)
            if len(key) > KEY_MAX_LENGTH or not user.is_authenticated:
                raise ValidationError(_("This request cannot be repeated safely."))
            known = result_of(kwargs) if result_of else None
            with transaction.atomic(savepoint=False):  # the service's own transaction
                claim = _claim(user, key, action, result_id=known)
                if claim is None:
                    return _first_result(user, key, action)
                result = service(user=user, **kwargs)
                if known is None:
                    IdempotencyKey.objects.filter(pk=claim).update(result_id=result.pk)
                return result

        return run

    return decorate


def _claim(user, key: str, action: str, *, result_id: int | None) -> int | None:
    """The new claim's id, or None when this user has sent `key` before: one INSERT that
    waits on the unique index for a claim not yet committed. A technical row, so no audit
    event (the write it stands for has its own)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in ("user_id", "key", "action", "result_id"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(IdempotencyKey._meta.db_table)} ({columns}, {quote('created_at')})"
            f" VALUES (%s, %s, %s, %s, %s) ON CONFLICT ({quote('user_id')}, {quote('key')})"
            f" DO NOTHING RETURNING {quote('id')}",
            [
                user.pk,
                key,
                action,
                result_id,
                connection.ops.adapt_datetimefield_value(timezone.now()),
            ],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _first_result(user, key: str, action: str):
    done = IdempotencyKey.objects.get(user=user, key=key)
    if done.action != action or done.result_id is None:
        raise ValidationError(_("This request key was already used for another change."))
    return RESULT_MODELS[action]._default_manager.get(pk=done.result_id)
