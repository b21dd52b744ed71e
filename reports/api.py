"""The summary endpoint (figures from reports.counting, as the dashboards show them); the
targets' endpoints are in targets.api."""

import json
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from reports.cache import cached_summary, summary_tag
from reports.counting import TaskCounts, lead_unit_ranking
from reports.selectors import DashboardFilters, filtered_tasks
from resolutions.api import DocumentCodeField, UnitCodeField
from resolutions.dates import figures_day
from tasks.selectors import tasks_visible_to
from tracker.limits import validate_business_date


def _number(value: Decimal | None) -> float | None:
    """A rate as a JSON number (42.7); None stays null. Counting stays in Decimal."""
    return None if value is None else float(value)


def _figures(counts: TaskCounts) -> dict[str, Any]:
    return {
        "total": counts.total,
        "completed": counts.completed,
        "completed_on_time": counts.completed_on_time,
        "completed_late": counts.completed_late,
        "in_progress": counts.in_progress,
        "not_started": counts.not_started,
        "overdue": counts.overdue,
        "completion_rate": _number(counts.completion_rate),
        "overdue_rate": _number(counts.overdue_rate),
        "on_time_rate": _number(counts.on_time_rate),
    }


class SummaryQuerySerializer(serializers.Serializer):
    document = DocumentCodeField(
        required=False, help_text=_("Only the tasks of this document (code, e.g. 57-NQ/TW).")
    )
    unit = UnitCodeField(required=False, help_text=_("Only the tasks this unit leads (code)."))
    include_subunits = serializers.BooleanField(
        default=True, help_text=_("With `unit`: also the tasks its sub-units lead.")
    )
    as_of = serializers.DateField(
        required=False,
        validators=[validate_business_date],
        help_text=_("The figures as they stood at the end of this day (today)."),
    )


class FiguresSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text=_("Tasks assigned, cancelled ones excluded."))
    completed = serializers.IntegerField(help_text=_("Completed (đã hoàn thành)."))
    completed_on_time = serializers.IntegerField(
        help_text=_("Completed by the deadline in force (extensions count).")
    )
    completed_late = serializers.IntegerField(help_text=_("Completed after the deadline."))
    in_progress = serializers.IntegerField(
        help_text=_("Not completed (đang triển khai), not-started tasks included.")
    )
    not_started = serializers.IntegerField(help_text=_("Not started (chưa triển khai)."))
    overdue = serializers.IntegerField(help_text=_("Not completed and past the deadline."))
    completion_rate = serializers.FloatField(
        allow_null=True,
        help_text=_("completed / total in %, one decimal, half-up; null without tasks."),
    )
    overdue_rate = serializers.FloatField(
        allow_null=True, help_text=_("overdue / total in %, one decimal; null without tasks.")
    )
    on_time_rate = serializers.FloatField(
        allow_null=True,
        help_text=_(
            "The Government Office's rate: completed / (completed + overdue) in %; null "
            "when no task is due."
        ),
    )


class UnitFiguresSerializer(FiguresSerializer):
    unit = serializers.CharField(help_text=_("Code of the lead unit."))
    name = serializers.CharField(help_text=_("Name of the unit."))
    rank = serializers.IntegerField(
        allow_null=True,
        help_text=_(
            "By completion rate, then fewer overdue, then name; null for a unit with "
            "fewer than 3 tasks."
        ),
    )


class SummarySerializer(FiguresSerializer):
    document = serializers.CharField(allow_null=True, help_text=_("The document asked for."))
    unit = serializers.CharField(allow_null=True, help_text=_("The unit asked for."))
    include_subunits = serializers.BooleanField(help_text=_("Whether sub-units are included."))
    as_of = serializers.DateField(help_text=_("The day the figures stand on."))
    as_of_notice = serializers.CharField(
        help_text=_("Why `as_of` is not the day asked (a day after today gives today's); empty.")
    )
    units = UnitFiguresSerializer(many=True, help_text=_("Every lead unit, ranked."))


def _tags(header: str) -> set[str]:
    """The entity tags of an `If-None-Match` header (weak ones compare as strong: the
    body is the same bytes for the same tag)."""
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


class SummaryView(APIView):
    @extend_schema(
        summary="Summary figures",
        description="The counts and rates of the tasks you may see, as the dashboards show "
        "them, for a document and/or a unit, as of any day. Every parameter is optional. "
        "The answer carries an `ETag`; send it back as `If-None-Match` and, while the data "
        "have not changed, the answer is `304 Not Modified` with no body.",
        parameters=[SummaryQuerySerializer],
        responses={
            200: SummarySerializer,
            304: OpenApiResponse(description="Not modified: the `If-None-Match` tag is current."),
        },
    )
    def get(self, request) -> HttpResponse:
        # Who asks decides which tasks count (tasks_visible_to); bad parameters raise in
        # `summary` and are never cached.
        key = (request.user.pk, timezone.localdate(), request.query_params.urlencode())
        # issue 17: a client that holds the current summary is told so, nothing computed.
        tag = summary_tag(key, version=getattr(request.auth, "data_version", None))
        etag = f'"{tag}"'
        if etag in _tags(request.headers.get("If-None-Match", "")):
            return HttpResponseNotModified(headers={"ETag": etag})
        # issue 17: cached as the JSON body, rendered once rather than on every request
        body = cached_summary(key, lambda: JSONRenderer().render(self.summary(request)), tag=tag)
        if request.accepted_media_type == JSONRenderer.media_type:  # no `indent=` asked
            return HttpResponse(body, content_type="application/json", headers={"ETag": etag})
        return Response(json.loads(body), headers={"ETag": etag})  # rendered as asked

    def summary(self, request) -> dict[str, Any]:
        query = SummaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        document = query.validated_data.get("document")
        unit = query.validated_data.get("unit")
        include_subunits = query.validated_data["include_subunits"]
        as_of, notice = figures_day(query.validated_data.get("as_of"))
        tasks = tasks_visible_to(request.user)
        if document:
            tasks = tasks.filter(document=document)
        filters = DashboardFilters(as_of=as_of, parent=unit, with_subunits=include_subunits)
        figures = lead_unit_ranking(filtered_tasks(tasks, filters), as_of=as_of)
        return {
            "document": document.code if document else None,
            "unit": unit.code if unit else None,
            "include_subunits": include_subunits,
            "as_of": as_of.isoformat(),
            "as_of_notice": notice,
            **_figures(figures.counts),
            "units": [
                {"unit": row.unit.code, "name": row.unit.name, "rank": row.rank}
                | _figures(row.counts)
                for row in figures.units
            ],
        }
