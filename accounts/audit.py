"""Writing the audit trail: who did it (the request's user, or the job), from where, and a
summary of before → after. The request or job in progress is kept in a context variable
set by AccountMiddleware and the Celery signals, so a write made anywhere below (a
service, the admin, a model's save) is attributed without being passed the request."""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models
from django.http import HttpRequest

from accounts.addresses import client_address
from accounts.models import AuditEvent

Action = AuditEvent.Action
_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)
_job: ContextVar[str | None] = ContextVar("audit_job", default=None)
_actor: ContextVar[Any] = ContextVar("audit_actor", default=None)
VALUE_LIMIT = 120
# Never shown in a summary: secrets, and columns the app itself keeps in step.
HIDDEN_FIELDS = {"password", "last_login", "search_key", "name_key"}
SUMMARY_LIMIT = 4000


@contextmanager
def request_context(request: HttpRequest) -> Iterator[None]:
    """Attribute what happens inside to `request`'s user and address."""
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


@contextmanager
def job_context(name: str) -> Iterator[None]:
    """Attribute what happens inside to the background job `name` (no user)."""
    request_token, job_token = _request.set(None), _job.set(name)
    try:
        yield
    finally:
        _job.reset(job_token)
        _request.reset(request_token)


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Attribute what happens inside to `user`: a service called with its actor outside a
    request (a command, a test, another service) says who acts."""
    token = _actor.set(user if user is not None and user.is_authenticated else None)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> Any:
    """Who acts now: the service's actor, else the request's signed-in user, else None (a
    job, a command)."""
    return _actor.get() or _user_of(_request.get())


def record(
    *,
    action: str,
    obj: models.Model | None = None,
    summary: str = "",
    actor: Any = None,
    actor_name: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event. Without an explicit actor, the request's user or the job's name."""
    return AuditEvent.objects.create(
        **_event_fields(action=action, actor=actor, actor_name=actor_name, request=request),
        **_object_fields(obj),
        summary=summary[:SUMMARY_LIMIT],
    )


def record_created(
    objs: Sequence[models.Model], *, extra: Callable[[models.Model], str] | None = None
) -> None:
    """One "created" event per row of `objs`, as a save of each would have recorded, in
    one INSERT: for services that write with `bulk_create` (which sends no signals).
    `extra(obj)` adds to an object's summary (e.g. its many-to-many links)."""
    common = _event_fields(action=Action.CREATED, actor=None, actor_name="", request=None)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            **common,
            **_object_fields(obj),
            summary="; ".join(
                part for part in (values_summary(values_of(obj)), extra and extra(obj)) if part
            )[:SUMMARY_LIMIT],
        )
        for obj in objs
    )


def _event_fields(
    *, action: str, actor: Any, actor_name: str, request: HttpRequest | None
) -> dict[str, Any]:
    """Who, from where and what: without an explicit actor, the request's user or the
    job's name."""
    request = request if request is not None else _request.get()
    if actor is None:
        actor = _actor.get() or _user_of(request)
    if not actor_name:
        actor_name = actor.get_username() if actor is not None else (_job.get() or "")
    return {
        "actor": actor,
        "actor_name": actor_name[:150],
        "address": client_address(request) if request is not None else None,
        "action": action,
    }


def _object_fields(obj: models.Model | None) -> dict[str, str]:
    return {
        "object_type": obj._meta.label if obj is not None else "",
        "object_id": str(obj.pk) if obj is not None and obj.pk is not None else "",
        "object_repr": str(obj)[:200] if obj is not None else "",
    }


def values_of(instance: models.Model) -> dict[str, Any]:
    """The row's stored values as the trail shows them (hidden columns left out)."""
    return {
        field.attname: instance.__dict__.get(field.attname)
        for field in instance._meta.concrete_fields
        if field.attname not in HIDDEN_FIELDS
    }


def _user_of(request: HttpRequest | None) -> Any:
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def shown(value: Any) -> str:
    """A field's value as the summary shows it, cut to a readable length."""
    text = "—" if value is None or value == "" else str(value)
    return text if len(text) <= VALUE_LIMIT else f"{text[: VALUE_LIMIT - 1]}…"


def changes_summary(before: dict[str, Any], after: dict[str, Any]) -> str:
    """`field: before → after` for each field whose value differs, in field order."""
    return "; ".join(
        f"{name}: {shown(before.get(name))} → {shown(value)}"
        for name, value in after.items()
        if before.get(name) != value
    )


def values_summary(values: dict[str, Any]) -> str:
    """`field: value` for each field with a value (a created or deleted row)."""
    return "; ".join(
        f"{name}: {shown(value)}" for name, value in values.items() if value not in (None, "")
    )
