"""REST endpoints for tasks, their history and extension requests. Every write goes through
tasks.services, with the same permission checks as the web pages."""

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from reports.counting import TASK_STATES, in_state
from resolutions.api import DocumentCodeField, DocumentCodeFilter, UnitCodeField
from resolutions.dates import figures_day
from resolutions.models import Unit
from resolutions.permissions import may_change_task
from tasks import services
from tasks.api_lifecycle import TaskLifecycleActions
from tasks.forms import StatusesField
from tasks.listing import with_row_figures
from tasks.models import Extension, Task, TaskChange
from tasks.paging import TaskPaginator
from tasks.selectors import (
    WITH_CHECKS,
    due_within,
    extensions_visible_to,
    open_blockers_on,
    tasks_visible_to,
)
from tracker.api import BusinessDateTimeFilter, ManagerWrites, validation_error_detail
from tracker.api_cursor import PageOrCursorPagination
from tracker.api_views import ServiceCreateViewSet
from tracker.limits import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH, validate_business_date

# Where `TaskViewSet` prefetches the supporting units: a plain list per task. Django sets up
# a related manager for every row otherwise, ≈ 0.2 ms a row even when it has none (issue 20).
SUPPORTING_UNITS_READ = "supporting_units_read"


class SupportingUnitsField(serializers.ManyRelatedField):
    """The supporting units' codes, read from the list the view prefetched when it did."""

    def get_attribute(self, instance: Task) -> Any:
        if hasattr(instance, SUPPORTING_UNITS_READ):
            return getattr(instance, SUPPORTING_UNITS_READ)
        return super().get_attribute(instance)


class TaskSerializer(serializers.ModelSerializer):
    document = DocumentCodeField(help_text=_("Code of the document that assigns the task."))
    lead_unit = UnitCodeField(help_text=_("Code of the lead unit (đơn vị chủ trì)."))
    supporting_units = SupportingUnitsField(
        child_relation=UnitCodeField(),
        required=False,
        help_text=_("Codes of the supporting units (đơn vị phối hợp)."),
    )
    document_reference = serializers.CharField(
        source="document.reference",
        read_only=True,
        help_text=_("The document's code and issue year (57-NQ/TW@2024), unambiguous."),
    )
    open_blockers = serializers.IntegerField(
        read_only=True, help_text=_("How many blockers (vướng mắc) of the task are open today.")
    )
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Task.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Id of the task this one breaks down (a sub-task); null for none."),
    )

    rolls_up = serializers.BooleanField(
        read_only=True,
        help_text=_("Whether the percent is rolled up from the sub-tasks (else reported)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # a parent is one of the tasks the client sees
            self.fields["parent"].queryset = tasks_visible_to(request.user)  # type: ignore[attr-defined]

    class Meta:
        model = Task
        fields = ["id", "document", "document_reference", "title", "description", "lead_unit"]
        fields += ["supporting_units"]
        fields += ["assigned_on", "original_deadline", "deadline", "status", "percent"]
        fields += ["started_on", "completed_on", "extension_count", "open_blockers", "version"]
        fields += ["updated_at", "expected_output", "output_delivered"]  # outputs: issue 15
        fields += ["parent", "rolls_up"]  # issue 13
        read_only_fields = ["id", "original_deadline", "status", "percent", "started_on"]
        read_only_fields += ["completed_on", "extension_count", "version", "updated_at"]
        read_only_fields += ["output_delivered", "rolls_up"]
        extra_kwargs = {
            "id": {"help_text": _("Numeric id.")},
            "title": {"help_text": _("What is to be done.")},
            "description": {
                "help_text": _("Details; may be empty."),
                "max_length": DESCRIPTION_MAX_LENGTH,
            },
            "expected_output": {
                "help_text": _("What the task must deliver (sản phẩm đầu ra); may be empty.")
            },
            "output_delivered": {"help_text": _("What the completion report says was delivered.")},
            "assigned_on": {
                "help_text": _("Day the task was assigned; may lie in the past."),
                "validators": [validate_business_date],
            },
            "deadline": {
                "help_text": _(
                    "Deadline in force (hạn hoàn thành), moved by approved extensions; "
                    "null for an ongoing task, which is never overdue. On creation: the "
                    "original deadline, not before the assigned day."
                ),
                "validators": [validate_business_date],
            },
            "original_deadline": {"help_text": _("Deadline as first assigned.")},
            "status": {"help_text": _("Stored status; overdue is derived from the deadline.")},
            "percent": {"help_text": _("Reported progress, 0–100.")},
            "started_on": {"help_text": _("Day work was first reported.")},
            "completed_on": {"help_text": _("Day of completion, for a completed task.")},
            "extension_count": {"help_text": _("How many extensions were approved.")},
            "version": {"help_text": _("Bumped by every change; the ETag of the task.")},
            "updated_at": {"help_text": _("When the task was last changed.")},
        }


class TaskProgressSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=Task.Status.choices, required=False, help_text=_("New status.")
    )
    percent = serializers.IntegerField(
        min_value=0, max_value=100, required=False, help_text=_("Progress, 0–100.")
    )
    note = serializers.CharField(
        max_length=NOTE_MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text=_("What was done; kept in the task's history."),
    )
    completed_on = serializers.DateField(
        required=False,
        validators=[validate_business_date],
        help_text=_(
            "Day of completion when status is completed (default today); not in the "
            "future, not before the assigned day."
        ),
    )
    output = serializers.CharField(
        max_length=NOTE_MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text=_("With a completion: the output delivered; required if one is expected."),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(_("Send at least one of the fields."))
        return attrs


class TaskChangeSerializer(serializers.ModelSerializer):
    changed_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text=_("Who made the change; null for the system (the overdue sweep)."),
    )
    field_label = serializers.CharField(
        source="get_field_display", read_only=True, help_text=_("What changed, in words.")
    )

    class Meta:
        model = TaskChange
        fields = ["id", "changed_at", "effective_on", "changed_by", "field", "field_label"]
        fields += ["before", "after"]
        fields += ["note"]
        extra_kwargs = {
            "id": {"help_text": _("Numeric id.")},
            "changed_at": {"help_text": _("When the change was recorded.")},
            "effective_on": {"help_text": _("Business day the change took effect.")},
            "field": {"help_text": _("What changed: status, percent, completed_on, deadline…")},
            "before": {"help_text": _("Value before the change.")},
            "after": {"help_text": _("Value after the change.")},
            "note": {"help_text": _("Note given with the change.")},
        }


# A year and more: "due within" is a question about the months ahead.
DUE_WITHIN_MAX_DAYS = 3660


class StatusFilter(django_filters.MultipleChoiceFilter):
    """Tasks in any of the statuses given, as one `IN`."""

    field_class = StatusesField

    def filter(self, qs, value):
        return qs.filter(status__in=value) if value else qs


class DaysFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class TaskFilter(django_filters.FilterSet):
    document = DocumentCodeFilter(
        field_name="document__code", help_text=_("Document code (57-NQ/TW).")
    )
    lead_unit = django_filters.CharFilter(
        field_name="lead_unit__code", help_text=_("Code of the lead unit.")
    )
    supporting_unit = django_filters.CharFilter(
        field_name="supporting_units__code", help_text=_("Code of a supporting unit.")
    )
    deadline_before = django_filters.DateFilter(
        field_name="deadline", lookup_expr="lte", help_text=_("Deadline on or before this day.")
    )
    deadline_after = django_filters.DateFilter(
        field_name="deadline", lookup_expr="gte", help_text=_("Deadline on or after this day.")
    )
    updated_since = BusinessDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text=_("Changed at or after this time.")
    )
    status = StatusFilter(
        choices=Task.Status.choices,
        help_text=_("Stored status; several values (repeated or comma-separated) match any."),
    )
    state = django_filters.ChoiceFilter(
        choices=[(state, state) for state in TASK_STATES],
        method="filter_state",
        help_text=_(
            "The tasks counted in this figure on `as_of`, as the summary counts them: "
            "overdue, in_progress (every open task, not-started ones included), not_started, "
            "completed or completed_late. Cancelled tasks are never in a state."
        ),
    )
    due_within = DaysFilter(
        method="filter_due_within",
        min_value=0,
        max_value=DUE_WITHIN_MAX_DAYS,
        help_text=_("Open tasks whose deadline in force falls within this many days of `as_of`."),
    )
    as_of = django_filters.DateFilter(
        method="filter_as_of",
        validators=[validate_business_date],
        help_text=_("The day `state` and `due_within` judge on (today; a later day is today)."),
    )

    class Meta:
        model = Task
        fields = ["document", "lead_unit", "supporting_unit", "status", "state", "due_within"]
        fields += ["as_of", "deadline_before", "deadline_after", "updated_since"]

    def _as_of(self):
        return figures_day(self.form.cleaned_data.get("as_of"))[0]

    def filter_as_of(self, queryset, name, value):
        return queryset  # read by `state` and `due_within`

    def filter_state(self, queryset, name, value):
        return queryset.filter(in_state(value, as_of=self._as_of()))

    def filter_due_within(self, queryset, name, value):
        return queryset.filter(due_within(value, as_of=self._as_of()))


def _etag(task: Task) -> str:
    return f'"{task.version}"'


def _if_match_version(request, task: Task) -> int | None:
    """The version an `If-Match` header vouches for; None without one (or with `*`).
    A header naming another version is refused with 412."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    if _etag(task) in tags:
        return task.version
    # Another version: the service refuses it under the row lock (412), unless it is the
    # retry of a report already recorded under the same Idempotency-Key.
    named = [int(tag.strip('"')) for tag in tags if tag.strip('"').isdigit()]
    if not named:
        raise PreconditionFailed()
    return named[0]


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The task changed since you read it (If-Match). Read it again.")
    default_code = "stale"


class TaskPagination(PageOrCursorPagination):
    django_paginator_class = TaskPaginator


@extend_schema_view(
    list=extend_schema(
        summary="List tasks",
        description="The tasks you may see: all for coordinators, leaders and "
        "administrators; for unit staff those their unit leads or supports.",
    ),
    retrieve=extend_schema(
        summary="Read a task", description="The `ETag` header carries the task's version."
    ),
    create=extend_schema(
        summary="Create a task",
        description="Coordinators and administrators only. Units and the document are named "
        "by code; `deadline` null makes an ongoing task.",
    ),
)
class TaskViewSet(TaskLifecycleActions, ServiceCreateViewSet):
    serializer_class = TaskSerializer
    permission_classes = [*ServiceCreateViewSet.permission_classes, ManagerWrites]
    filterset_class = TaskFilter
    pagination_class = TaskPagination
    ordering_fields = ["deadline", "assigned_on", "id", "updated_at"]
    ordering = ["deadline", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Task]:
        tasks = (
            tasks_visible_to(self.request.user)
            .select_related(*WITH_CHECKS)
            .prefetch_related(
                Prefetch(
                    "supporting_units", Unit.objects.only("code"), to_attr=SUPPORTING_UNITS_READ
                )
            )
        )
        if self.action == "list":  # the page's rows get their figures after the LIMIT
            return tasks
        return tasks.annotate(open_blockers=open_blockers_on(timezone.localdate()))

    def list(self, request, *args, **kwargs):
        tasks = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = with_row_figures(tasks or [], as_of=timezone.localdate())
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    def create_with_service(self, data: dict[str, Any]) -> Task:
        task = services.task_create(user=self.request.user, **data)
        return self.get_queryset().get(pk=task.pk)  # read back with what the list shows

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    @extend_schema(
        summary="Report progress on a task",
        description="Change any of status, percent, note and completed_on; every change lands "
        "in the task's history. Send the `ETag` you read as `If-Match`: if the task changed "
        "meanwhile the answer is 412 and nothing changes. An `Idempotency-Key` header makes "
        "a retry safe: the same key again is answered without recording the report twice.",
        request=TaskProgressSerializer,
        parameters=[
            OpenApiParameter(
                "If-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description='The ETag of the task as you read it, e.g. "3".',
            )
        ],
        responses={
            200: TaskSerializer,
            400: OpenApiResponse(description="Bad input, messages per field."),
            403: OpenApiResponse(description="Your role or unit may not change this task."),
            404: OpenApiResponse(description="No such task among those you may see."),
            412: OpenApiResponse(description="Stale If-Match: the task changed meanwhile."),
        },
    )
    def partial_update(self, request, *args, **kwargs):
        task = self.get_object()
        if not may_change_task(request.user, task):
            raise exceptions.PermissionDenied(_("You may not change this task."))
        serializer = TaskProgressSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        change = serializer.validated_data
        try:
            updated = services.task_report_progress(
                user=request.user,
                task=task,
                status=change.get("status"),
                percent=change.get("percent"),
                note=change.get("note", ""),
                completed_on=change.get("completed_on"),
                expected_version=_if_match_version(request, task),
                idempotency_key=request.headers.get("Idempotency-Key", ""),
                output=change.get("output", ""),
            )
        except DjangoValidationError as error:
            if getattr(error, "code", None) == "stale":
                raise PreconditionFailed() from error
            detail = validation_error_detail(error)
            raise exceptions.ValidationError(detail) from error
        # The row the service returns, with what was read above and a report leaves as it
        # was (supporting units, open blockers): no second read (issue 17).
        updated.open_blockers = task.open_blockers  # type: ignore[attr-defined]
        setattr(updated, SUPPORTING_UNITS_READ, getattr(task, SUPPORTING_UNITS_READ))
        return Response(self.get_serializer(updated).data, headers={"ETag": _etag(updated)})

    @extend_schema(
        summary="A task's history",
        description="Every change of status, percent, completion date and deadline: who, "
        "when, before, after; newest first.",
        responses=TaskChangeSerializer(many=True),
        filters=False,
    )
    @action(detail=True, filterset_class=None)
    def history(self, request, *args, **kwargs):
        task = self.get_object()
        changes = task.changes.select_related("changed_by").order_by("-changed_at", "-id")
        page = self.paginate_queryset(changes)
        return self.get_paginated_response(TaskChangeSerializer(page, many=True).data)


class ExtensionSerializer(serializers.ModelSerializer):
    task = serializers.PrimaryKeyRelatedField(
        queryset=Task.objects.none(), help_text=_("Id of the task whose deadline is to move.")
    )
    requested_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text=_("Who asked; null once that account is deleted."),
    )
    decided_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text=_("Who decided; null while the request is pending."),
    )

    class Meta:
        model = Extension
        fields = ["id", "task", "requested_by", "requested_at", "previous_deadline"]
        fields += ["requested_deadline", "reason", "status", "decided_by", "decided_on"]
        fields += ["decision_note"]
        read_only_fields = ["id", "requested_at", "previous_deadline", "status", "decided_on"]
        read_only_fields += ["decision_note"]
        extra_kwargs = {
            "id": {"help_text": _("Numeric id.")},
            "requested_at": {"help_text": _("When the request was made.")},
            "previous_deadline": {"help_text": _("Deadline in force when it was asked.")},
            "requested_deadline": {
                "help_text": _("The deadline asked for."),
                "validators": [validate_business_date],
            },
            "reason": {"help_text": _("Why more time is needed."), "max_length": NOTE_MAX_LENGTH},
            "status": {"help_text": _("pending, approved or rejected.")},
            "decided_on": {"help_text": _("Business day of the decision.")},
            "decision_note": {"help_text": _("The coordinator's note.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["task"].queryset = tasks_visible_to(request.user)


class ExtensionApprovalSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=NOTE_MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text=_("Note for the requester."),
    )
    decided_on = serializers.DateField(
        required=False,
        validators=[validate_business_date],
        help_text=_("Business day the approval takes effect (default today); not in the future."),
    )


class ExtensionRejectionSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=NOTE_MAX_LENGTH, help_text=_("Why the request is rejected.")
    )


class ExtensionFilter(django_filters.FilterSet):
    document = DocumentCodeFilter(
        field_name="task__document__code", help_text=_("Document code of the task.")
    )

    class Meta:
        model = Extension
        fields = ["task", "status", "document"]


@extend_schema_view(
    list=extend_schema(summary="List extension requests", description="For tasks you may see."),
    retrieve=extend_schema(summary="Read an extension request"),
    create=extend_schema(
        summary="Ask for an extension",
        description="Staff of the lead unit, coordinators and administrators. The new deadline "
        "must be after the deadline in force; one pending request per task.",
    ),
)
class ExtensionViewSet(ServiceCreateViewSet):
    serializer_class = ExtensionSerializer
    filterset_class = ExtensionFilter
    ordering_fields = ["requested_at", "id"]
    ordering = ["-requested_at", "-id"]

    def get_queryset(self) -> QuerySet[Extension]:
        return extensions_visible_to(self.request.user)

    def create_with_service(self, data: dict[str, Any]) -> Extension:
        key = self.request.headers.get("Idempotency-Key", "")
        return services.extension_request(user=self.request.user, idempotency_key=key, **data)

    @extend_schema(
        summary="Approve an extension",
        description="Coordinators and administrators. The deadline in force moves from "
        "`decided_on`; the original deadline is kept.",
        request=ExtensionApprovalSerializer,
        responses=ExtensionSerializer,
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def approve(self, request, *args, **kwargs):
        extension = self.get_object()
        decision = ExtensionApprovalSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        approved = services.extension_approve(
            user=request.user,
            extension=extension,
            on=decision.validated_data.get("decided_on"),
            note=decision.validated_data.get("note", ""),
        )
        return Response(self.get_serializer(approved).data)

    @extend_schema(
        summary="Reject an extension",
        description="Coordinators and administrators, with a note saying why.",
        request=ExtensionRejectionSerializer,
        responses=ExtensionSerializer,
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def reject(self, request, *args, **kwargs):
        extension = self.get_object()
        decision = ExtensionRejectionSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        rejected = services.extension_reject(
            user=request.user, extension=extension, note=decision.validated_data["note"]
        )
        return Response(self.get_serializer(rejected).data)
