"""Writes that may arrive twice (a retry on a weak signal, a report queued offline and sent
again) recorded once: the client names each write with a key of its own."""

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from tasks.models import Blocker, Extension, IdempotencyKey, Task

KEY_MAX_LENGTH = IdempotencyKey._meta.get_field("key").max_length or 100
RESULT_MODELS: dict[str, type[models.Model]] = {
    IdempotencyKey.Action.PROGRESS: Task,
    IdempotencyKey.Action.BLOCKER: Blocker,
    IdempotencyKey.Action.EXTENSION: Extension,
}
Result = TypeVar("Result", bound=models.Model)


def once_per_key(action: str) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """Give a service an `idempotency_key` argument: with a key this user already sent, the
    service is not run again and the first result is returned, re-read from the database.

    The key is claimed before the write, in the same transaction: a second request with
    the key waits on the unique index until the first commits (then it is a replay) or rolls
    back (then it runs, as the first never happened). A stale form or a refused write rolls
    the claim back with it, so the same key may be sent again once the user has decided."""

    def decorate(service: Callable[..., Result]) -> Callable[..., Result]:
        @functools.wraps(service)
        def run(*, user, idempotency_key: str = "", **kwargs: Any) -> Result:
            key = (idempotency_key or "").strip()
            if not key:
                return service(user=user, **kwargs)
            if len(key) > KEY_MAX_LENGTH or not user.is_authenticated:
                raise ValidationError(_("This request cannot be repeated safely."))
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        claim = IdempotencyKey.objects.create(user=user, key=key, action=action)
                except IntegrityError:
                    return _first_result(user, key, action)
                result = service(user=user, **kwargs)
                # An UPDATE, not save(): the claim is a technical row, audited once (created).
                IdempotencyKey.objects.filter(pk=claim.pk).update(result_id=result.pk)
                return result

        return run

    return decorate


def _first_result(user, key: str, action: str):
    done = IdempotencyKey.objects.get(user=user, key=key)
    if done.action != action or done.result_id is None:
        raise ValidationError(_("This request key was already used for another change."))
    return RESULT_MODELS[action]._default_manager.get(pk=done.result_id)
