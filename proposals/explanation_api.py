"""REST endpoints for explanation requests: list the ones you may see, ask (leaders and
coordinators), answer (the unit's staff). Writes go through proposals.explanations."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from proposals import explanations
from proposals.models import ExplanationRequest
from reports.models import Target
from resolutions.api import UnitCodeField
from tasks.models import Task
from tracker.api_views import ServiceCreateViewSet


class ExplanationRequestSerializer(serializers.ModelSerializer):
    unit = UnitCodeField(read_only=True, help_text=_("Code of the unit asked to explain."))
    task = serializers.PrimaryKeyRelatedField(
        queryset=Task.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the overdue task to explain (or `target`)."),
    )
    target = serializers.PrimaryKeyRelatedField(
        queryset=Target.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the target at risk to explain (or `task`)."),
    )
    requested_by = serializers.StringRelatedField(help_text=_("Who asked."))
    answered_by = serializers.StringRelatedField(help_text=_("Who answered; null while open."))
    is_open = serializers.BooleanField(read_only=True, help_text=_("True until answered."))

    class Meta:
        model = ExplanationRequest
        fields = ["id", "unit", "task", "target", "question", "answer_by", "requested_by"]
        fields += ["requested_on", "is_open", "answer", "answered_by", "answered_on"]
        read_only_fields = ["id", "requested_on", "answer", "answered_on"]
        extra_kwargs = {
            "id": {"help_text": _("Numeric id.")},
            "question": {"help_text": _("What the unit is to explain."), "max_length": 5000},
            "answer_by": {"help_text": _("Deadline of the explanation.")},
            "requested_on": {"help_text": _("Day it was asked.")},
            "answer": {"help_text": _("The unit's explanation; empty while open.")},
            "answered_on": {"help_text": _("Day it was answered; null while open.")},
        }


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=20000, help_text=_("The unit's explanation."))


class ExplanationFilter(django_filters.FilterSet):
    open = django_filters.BooleanFilter(
        field_name="answered_on", lookup_expr="isnull", help_text=_("true: only open ones.")
    )

    class Meta:
        model = ExplanationRequest
        fields = ["open", "task", "target"]


@extend_schema_view(
    list=extend_schema(summary="List explanation requests", description="Those you may see."),
    retrieve=extend_schema(summary="Read an explanation request"),
    create=extend_schema(
        summary="Ask a unit to explain",
        description="Leaders and coordinators, about an overdue task or a red target.",
    ),
)
class ExplanationRequestViewSet(ServiceCreateViewSet):
    serializer_class = ExplanationRequestSerializer
    filterset_class = ExplanationFilter
    ordering_fields = ["answer_by", "id"]
    ordering = ["answer_by", "id"]

    def get_queryset(self) -> QuerySet[ExplanationRequest]:
        return explanations.explanations_visible_to(self.request.user)

    def create_with_service(self, data: dict[str, Any]) -> ExplanationRequest:
        return explanations.explanation_request(user=self.request.user, **data)

    @extend_schema(
        summary="Answer an explanation request",
        description="The staff of the unit asked.",
        request=AnswerSerializer,
        responses=ExplanationRequestSerializer,
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def answer(self, request, *args, **kwargs):
        item = self.get_object()
        body = AnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        answered = explanations.explanation_answer(
            user=request.user, request=item, answer=body.validated_data["answer"]
        )
        return Response(self.get_serializer(answered).data)
