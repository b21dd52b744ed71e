"""Cursor pagination for clients that sync (issue 20): `?cursor=` (empty to start) walks
the rows in id order, `page_size` at a time, each page answering a `next` address whose
opaque cursor names the last id read. A page costs the same wherever it lies (an index
range from that id, no count, no offset), and a row added meanwhile takes a new, higher
id: it is met at the end of the walk, never skipping or repeating one present at the
start. Without `cursor` the list keeps page numbers (`tracker.api.Pagination`)."""

import base64
import binascii
import json
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from tracker.api import Pagination

CURSOR = "cursor"


def encode_cursor(after: int) -> str:
    """The opaque cursor of the rows after id `after`."""
    return base64.urlsafe_b64encode(json.dumps({"after": after}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The id a cursor continues after (0 for the empty cursor, the start of the walk);
    a cursor this class did not write is a 400."""
    if not cursor:
        return 0
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        after = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))["after"]
    except (binascii.Error, UnicodeError, ValueError, TypeError, KeyError) as error:
        raise exceptions.ValidationError({CURSOR: [_("Invalid cursor.")]}) from error
    if not isinstance(after, int) or isinstance(after, bool) or not 0 <= after < 2**63:
        raise exceptions.ValidationError({CURSOR: [_("Invalid cursor.")]})
    return after


class PageOrCursorPagination(Pagination):
    """Page numbers, or a cursor walk in id order when the query names `cursor`."""

    walking = False

    def paginate_queryset(self, queryset: QuerySet, request, view=None) -> list[Any] | None:
        if CURSOR not in request.query_params:
            return super().paginate_queryset(queryset, request, view)
        self.walking = True
        self.request = request
        after = decode_cursor(request.query_params[CURSOR])
        size = self.get_page_size(request) or self.page_size
        rows = list(queryset.filter(pk__gt=after).order_by("pk")[: size + 1])
        self.has_next = len(rows) > size
        self.rows = rows[:size]
        return self.rows

    def get_paginated_response(self, data: list[Any]) -> Response:
        if not self.walking:
            return super().get_paginated_response(data)
        following = None
        if self.has_next:
            url = self.request.build_absolute_uri()
            following = replace_query_param(url, CURSOR, encode_cursor(self.rows[-1].pk))
        return Response({"next": following, "results": data})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        described = super().get_paginated_response_schema(schema)
        described["required"] = ["results"]
        properties = described["properties"]
        properties["count"]["description"] += " Absent in a cursor walk."
        properties["previous"]["description"] += " Absent in a cursor walk."
        properties["next"]["description"] += " In a cursor walk it carries the next cursor."
        return described

    def get_schema_operation_parameters(self, view) -> list[dict[str, Any]]:
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": CURSOR,
                "required": False,
                "in": "query",
                "description": str(
                    _(
                        "Walk the list in id order instead of by page numbers: empty to "
                        "start, then the cursor of the `next` address. The cost of a page "
                        "does not grow with its depth; tasks added meanwhile come at the end. "
                        "With `updated_since`: an incremental sync."
                    )
                ),
                "schema": {"type": "string"},
            },
        ]
