"""Django messages after an htmx swap (issue 16). A swapped partial has no place for them,
so the messages waiting at the end of an htmx response travel in its `HX-Trigger` header as
the `messages` event, which static/js/messages.js shows in the page's #messages region.
Full pages show them from base.html, so they are never shown twice."""

import json
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.html import strip_tags

EVENT = "messages"


def _triggers(header: str) -> dict:
    """An `HX-Trigger` value as htmx reads it: a JSON object or comma-separated names."""
    if header.strip().startswith("{"):
        return json.loads(header)
    return {name.strip(): None for name in header.split(",") if name.strip()}


class HtmxMessagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.headers.get("HX-Request") != "true" or response.status_code in (301, 302):
            return response
        items = [
            {"level": message.tags or "info", "text": strip_tags(str(message))}
            for message in messages.get_messages(request)
        ]
        if items:
            triggers = _triggers(response.headers.get("HX-Trigger", ""))
            triggers[EVENT] = {"items": items}
            # ASCII only (\u escapes): header values cannot carry Vietnamese letters as such
            response["HX-Trigger"] = json.dumps(triggers)
        return response
