"""REST actions of the task lifecycle (tasks/lifecycle.py): a coordinator stops, reopens,
confirms or sends back a task; unit staff ask to stop or adjust one, which coordinators
decide. Each calls one service, which checks the role and the status."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from tasks import cancellation, services
from tasks.models import ChangeRequest, Task
from tasks.selectors import tasks_visible_to
from tracker.api_views import ServiceCreateViewSet

REASON_MAX_LENGTH = 5000


class ReasonSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=REASON_MAX_LENGTH, help_text=_("The reason, kept in the task's history.")
    )


class OptionalNoteSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=REASON_MAX_LENGTH, required=False, allow_blank=True, help_text=_("A note.")
    )


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=REASON_MAX_LENGTH, help_text=_("Why the task stops (dừng thực hiện).")
    )
    cancelled_on = serializers.DateField(
        required=False,
        help_text=_(
            "Business day the task stops (default today; not in the future, not before it "
            "was assigned). It counts as before up to the day before."
        ),
    )


class TaskLifecycleActions:
    """Mixed into the task endpoint: POST /tasks/{id}/cancel/, reopen/, confirm/, send-back/.
    The answer is the task as it now stands."""

    def _answer(self, task: Task) -> Response:
        updated = self.get_object()  # type: ignore[attr-defined]
        return Response(self.get_serializer(updated).data)  # type: ignore[attr-defined]

    @extend_schema(
        summary="Stop a task (coordinators)",
        description="Unit staff may not stop a task (403): they ask with POST /change-requests/.",
        request=CancelSerializer,
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def cancel(self, request, *args, **kwargs):
        task = self.get_object()  # type: ignore[attr-defined]
        data = self._valid(CancelSerializer, request)
        cancellation.task_cancel(
            user=request.user, task=task, reason=data["reason"], on=data.get("cancelled_on")
        )
        return self._answer(task)

    @extend_schema(summary="Reopen a completed task (coordinators)", request=ReasonSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def reopen(self, request, *args, **kwargs):
        task = self.get_object()  # type: ignore[attr-defined]
        data = self._valid(ReasonSerializer, request)
        services.task_reopen(user=request.user, task=task, note=data["note"])
        return self._answer(task)

    @extend_schema(summary="Confirm a reported completion (coordinators)", request=None)
    @action(detail=True, methods=["post"], filterset_class=None)
    def confirm(self, request, *args, **kwargs):
        task = self.get_object()  # type: ignore[attr-defined]
        services.task_confirm_completion(user=request.user, task=task)
        return self._answer(task)

    @extend_schema(
        summary="Send a reported completion back (coordinators)",
        description="The task is in progress again at the percent reported before.",
        request=ReasonSerializer,
    )
    @action(detail=True, methods=["post"], url_path="send-back", filterset_class=None)
    def send_back(self, request, *args, **kwargs):
        task = self.get_object()  # type: ignore[attr-defined]
        data = self._valid(ReasonSerializer, request)
        services.task_send_back(user=request.user, task=task, note=data["note"])
        return self._answer(task)

    @staticmethod
    def _valid(serializer_class, request) -> dict[str, Any]:
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class ChangeRequestSerializer(serializers.ModelSerializer):
    task = serializers.PrimaryKeyRelatedField(
        queryset=Task.objects.none(), help_text=_("Id of the task to stop or adjust.")
    )
    requested_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, help_text=_("Who asked.")
    )
    decided_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, help_text=_("Who decided.")
    )

    class Meta:
        model = ChangeRequest
        fields = ["id", "task", "kind", "reason", "requested_by", "requested_at", "status"]
        fields += ["decided_by", "decided_on", "decision_note"]
        read_only_fields = ["id", "requested_at", "status", "decided_on", "decision_note"]
        extra_kwargs = {
            "id": {"help_text": _("Numeric id.")},
            "requested_at": {"help_text": _("When the request was made.")},
            "status": {"help_text": _("pending, approved or rejected.")},
            "decided_on": {"help_text": _("Business day of the decision.")},
            "decision_note": {"help_text": _("The coordinator's note.")},
            "kind": {"help_text": _("cancel: stop the task; adjust: change what it asks.")},
            "reason": {"help_text": _("Why."), "max_length": REASON_MAX_LENGTH},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["task"].queryset = tasks_visible_to(request.user)


class ChangeApprovalSerializer(OptionalNoteSerializer):
    decided_on = serializers.DateField(
        required=False,
        help_text=_("Business day the decision takes effect (default today); not in the future."),
    )


class ChangeRequestFilter(django_filters.FilterSet):
    class Meta:
        model = ChangeRequest
        fields = ["task", "status", "kind"]


@extend_schema_view(
    list=extend_schema(summary="List requests to stop or adjust tasks"),
    retrieve=extend_schema(summary="Read a request to stop or adjust a task"),
    create=extend_schema(
        summary="Ask to stop or adjust a task (unit staff)",
        description="With a reason; one pending request per task; coordinators decide.",
    ),
)
class ChangeRequestViewSet(ServiceCreateViewSet):
    serializer_class = ChangeRequestSerializer
    filterset_class = ChangeRequestFilter
    ordering_fields = ["requested_at", "id"]
    ordering = ["-requested_at", "-id"]

    def get_queryset(self) -> QuerySet[ChangeRequest]:
        return ChangeRequest.objects.filter(
            task__in=tasks_visible_to(self.request.user)
        ).select_related("requested_by", "decided_by")

    def create_with_service(self, data: dict[str, Any]) -> ChangeRequest:
        return cancellation.change_request_create(user=self.request.user, **data)

    @extend_schema(
        summary="Approve a request (coordinators)",
        description="A request to stop cancels the task from `decided_on`.",
        request=ChangeApprovalSerializer,
        responses=ChangeRequestSerializer,
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def approve(self, request, *args, **kwargs):
        data = TaskLifecycleActions._valid(ChangeApprovalSerializer, request)
        approved = cancellation.change_request_approve(
            user=request.user,
            request=self.get_object(),
            on=data.get("decided_on"),
            note=data.get("note", ""),
        )
        return Response(self.get_serializer(approved).data)

    @extend_schema(
        summary="Reject a request (coordinators)",
        request=ReasonSerializer,
        responses=ChangeRequestSerializer,
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def reject(self, request, *args, **kwargs):
        data = TaskLifecycleActions._valid(ReasonSerializer, request)
        rejected = cancellation.change_request_reject(
            user=request.user, request=self.get_object(), note=data["note"]
        )
        return Response(self.get_serializer(rejected).data)
