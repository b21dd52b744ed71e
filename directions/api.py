"""REST endpoints for leaders' directions: list those on tasks and documents you may see,
write one (leaders and coordinators). Writes go through directions.services."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from directions.models import Direction
from directions.services import direction_give
from resolutions.api import DocumentCodeField
from tasks.models import Task
from tasks.selectors import tasks_visible_to
from tracker.api_views import ServiceCreateViewSet


class DirectionSerializer(serializers.ModelSerializer):
    task = serializers.PrimaryKeyRelatedField(
        queryset=Task.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the task it is on (or `document`)."),
    )
    document = DocumentCodeField(
        required=False, allow_null=True, help_text=_("Code of the document it is on.")
    )
    given_by = serializers.StringRelatedField(help_text=_("Who gave it."))

    class Meta:
        model = Direction
        fields = ["id", "task", "document", "text", "given_by", "given_on"]
        read_only_fields = ["id", "given_on"]
        extra_kwargs = {
            "id": {"help_text": _("Numeric id.")},
            "text": {"help_text": _("The direction (ý kiến chỉ đạo)."), "max_length": 20000},
            "given_on": {"help_text": _("Day it was given.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["task"].queryset = tasks_visible_to(request.user)  # type: ignore[attr-defined]


class DirectionFilter(django_filters.FilterSet):
    class Meta:
        model = Direction
        fields = ["task"]


@extend_schema_view(
    list=extend_schema(
        summary="List directions", description="On the tasks (and their documents) you see."
    ),
    retrieve=extend_schema(summary="Read a direction"),
    create=extend_schema(
        summary="Give a direction",
        description="Leaders and coordinators, on one task or one document; the lead units "
        "are told.",
    ),
)
class DirectionViewSet(ServiceCreateViewSet):
    serializer_class = DirectionSerializer
    filterset_class = DirectionFilter
    ordering_fields = ["given_on", "id"]
    ordering = ["-given_on", "-id"]

    def get_queryset(self) -> QuerySet[Direction]:
        tasks = tasks_visible_to(self.request.user)
        documents = tasks.values("document")
        return Direction.objects.filter(
            Q(task__in=tasks) | Q(document__in=documents)
        ).select_related("given_by", "document")

    def create_with_service(self, data: dict[str, Any]) -> Direction:
        return direction_give(user=self.request.user, **data)
