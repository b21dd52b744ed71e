"""What every endpoint of /api/v1/ shares: errors as JSON, pagination, throttling per token.
No business rules here: those stay in the apps' services and selectors.

REST_FRAMEWORK names these classes, and DRF reads them while importing its views: this module
must not import rest_framework.views at its top (the base views are in tracker.api_views)."""

from datetime import UTC, datetime
from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from rest_framework import exceptions, negotiation, pagination, parsers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from resolutions.selectors import can_manage, role_of
from tracker import failsafe_cache
from tracker.limits import validate_business_date

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


def validation_error_detail(
    error: DjangoValidationError, *, renamed: dict[str, str] | None = None
) -> dict[str, list[str]]:
    """A domain ValidationError as DRF's error shape: messages per field; the service's field
    names renamed to the API's (`on` → `completed_on`); errors without a field under
    `non_field_errors`."""
    renamed = renamed or {}
    if hasattr(error, "error_dict"):
        return {
            renamed.get(field, NON_FIELD if field == "__all__" else field): messages
            for field, messages in error.message_dict.items()
        }
    return {NON_FIELD: error.messages}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus the domain's ValidationError as 400 with messages per field
    (Django's PermissionDenied and Http404 are already 403 and 404 there)."""
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_error_detail(exc))
    return drf_exception_handler(exc, context)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with a body nested too deep for the decoder (`[[[[…`, 100,000
    levels) refused as bad input (400) instead of failing as a server error."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise exceptions.ParseError(_("JSON parse error - nested too deeply.")) from error


class ContentNegotiation(negotiation.DefaultContentNegotiation):
    """DRF's, with the common case first (issue 17): a client that accepts anything or the
    first renderer's type (JSON) and asks no `?format=` gets that renderer, as DRF would
    choose it, without parsing media types."""

    def select_renderer(self, request, renderers, format_suffix=None):
        first = renderers[0]
        if (
            request.META.get("HTTP_ACCEPT", "*/*") in ("*/*", first.media_type)
            and not format_suffix
            and self.settings.URL_FORMAT_OVERRIDE not in request.query_params
        ):
            return first, first.media_type
        return super().select_renderer(request, renderers, format_suffix)


class _BusinessDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment on a business day (tracker.limits), given back in UTC: the
    database refuses offsets it does not know (PostgreSQL stops at ±15:59), Python does not."""

    def to_python(self, value: Any) -> datetime | None:
        moment = super().to_python(value)
        if moment is None:
            return None
        validate_business_date(moment.date())
        return moment.astimezone(UTC)


class BusinessDateTimeFilter(django_filters.IsoDateTimeFilter):
    """`?updated_since=2025-09-30T08:00:00+07:00`: any offset, on a business day."""

    field_class = _BusinessDateTimeField


class Pagination(pagination.PageNumberPagination):
    """`?page=2&page_size=100`; 50 rows by default, at most 500."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        described = super().get_paginated_response_schema(schema)
        descriptions = {
            "count": "Rows matching the filters, on every page together.",
            "next": "Address of the next page; null on the last one.",
            "previous": "Address of the previous page; null on the first one.",
            "results": "The rows of this page.",
        }
        for field, description in descriptions.items():
            described["properties"][field]["description"] = description
        return described


class TokenRateThrottle(SimpleRateThrottle):
    """A request budget per token (per user for a browser session, per address for the
    anonymous), rate `DEFAULT_THROTTLE_RATES["token"]`. Keys carry the database name so
    test databases sharing one Redis never share a budget.

    Counted in fixed windows of the rate's period (issue 17): one counter per window, one
    cache round trip per request, where DRF's default reads and writes the list of every
    request's time (up to 1,000 of them). A client may thus send up to twice the rate
    across the boundary of two windows. While the cache is unreachable, nothing is
    refused."""

    scope = "token"

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        key, seconds = self.counter(self.get_cache_key(request, view))
        # A known token's request was counted in its authentication's round trip.
        if getattr(request.auth, "counter_key", None) == key:
            count = request.auth.count
        else:
            count = failsafe_cache.count(key, seconds)
        return count is None or count <= self.num_requests

    def counter(self, ident: str) -> tuple[str, int]:
        """The key of `ident`'s counter in the current window, and the window's seconds."""
        window = int(self.timer() // self.duration)
        self.window_end = (window + 1) * self.duration
        return f"{ident}:{window}", self.duration

    def wait(self) -> float:
        return max(self.window_end - self.timer(), 1)

    def get_rate(self) -> str | None:
        # Read at request time so a changed setting applies without a restart of the class.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view) -> str:
        token = getattr(request.auth, "key", None)
        if token:
            return _budget(f"token:{token}")
        if request.user and request.user.is_authenticated:
            return _budget(f"user:{request.user.pk}")
        return _budget(f"address:{self.get_ident(request)}")

    @classmethod
    def token_counter(cls, token: str) -> tuple[str, int] | None:
        """The counter a request with `token` counts up, or None while nothing is
        throttled: read by the token's authentication, in its own round trip."""
        throttle = cls()
        return throttle.counter(_budget(f"token:{token}")) if throttle.rate else None


def _budget(ident: str) -> str:
    return f"throttle:{connection.settings_dict['NAME']}:{ident}"


class HasRole(BasePermission):
    """Only users with a role (staff, coordinator, leader, administrator) use the API;
    what each may see and change is decided by the apps' selectors and services."""

    message = _("Your account has no role in the tracker; ask an administrator.")

    def has_permission(self, request, view) -> bool:
        return role_of(request.user) is not None


class ManagerWrites(BasePermission):
    """Creating units, documents and tasks is for coordinators and administrators (the same
    check the services make), refused before the payload is looked at."""

    message = _("Only coordinators and administrators may do this.")

    def has_permission(self, request, view) -> bool:
        return view.action != "create" or can_manage(request.user)


ERROR_RESPONSES = {
    "400": ("Bad input: messages per field.", "ValidationErrors"),
    "401": ("No or unknown credentials.", "Error"),
    "403": ("Your role or unit does not allow this.", "Error"),
    "404": ("No such object among those you may see, or no such page.", "Error"),
    "429": ("Too many requests for this token; retry after `Retry-After` seconds.", "Error"),
}
ERROR_COMPONENTS = {
    "Error": {
        "type": "object",
        "properties": {"detail": {"type": "string", "description": "What went wrong."}},
        "required": ["detail"],
    },
    "ValidationErrors": {
        "type": "object",
        "description": "For each field of the input (or `non_field_errors`), what is wrong "
        "with it: a list of messages (nested by index or key for lists and objects).",
        "additionalProperties": {},
    },
}


def add_error_responses(result: dict, generator, request, public) -> dict:
    """drf-spectacular hook: every operation documents the errors every endpoint can give
    (400, 401, 403, 404, 429), all as JSON, so clients and schemathesis know their shape."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_COMPONENTS)
    for operations in result["paths"].values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, (description, component) in ERROR_RESPONSES.items():
                response = responses.setdefault(code, {"description": description})
                response.setdefault(
                    "content",
                    {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
                )
            if "412" in responses:
                ref = {"$ref": "#/components/schemas/Error"}
                responses["412"].setdefault("content", {"application/json": {"schema": ref}})
    return result
