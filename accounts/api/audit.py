"""/api/v1/audit-events/: the audit trail for security systems (administrators only)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import BasePermission

from accounts.models import AuditEvent
from accounts.permissions import may_read_audit
from accounts.selectors import audit_events


class ReadsAudit(BasePermission):
    message = _("Only administrators read the audit trail.")

    def has_permission(self, request, view) -> bool:
        return may_read_audit(request.user)


class AuditEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(
        source="actor_name", help_text="User name as recorded, or the background job's name."
    )

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "at",
            "actor",
            "address",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "summary",
        ]
        extra_kwargs = {
            "id": {"help_text": "The event's number; later events have higher numbers."},
            "at": {"help_text": "When it happened."},
            "address": {"help_text": "The client's address (behind trusted proxies, theirs)."},
            "action": {"help_text": "What happened."},
            "object_type": {"help_text": "The kind of object, e.g. `tasks.Task`; empty if none."},
            "object_id": {"help_text": "The object's id; empty if none."},
            "object_repr": {"help_text": "The object as shown when it happened."},
            "summary": {"help_text": "What changed, `field: before → after`; or details."},
        }


class AuditFilters(serializers.Serializer):
    actor = serializers.CharField(required=False, max_length=150)
    action = serializers.ChoiceField(required=False, choices=AuditEvent.Action.choices)
    since = serializers.DateTimeField(required=False)


@extend_schema_view(
    list=extend_schema(
        summary="Audit events",
        parameters=[
            OpenApiParameter("actor", OpenApiTypes.STR, description="User name as recorded."),
            OpenApiParameter("action", OpenApiTypes.STR, enum=[a.value for a in AuditEvent.Action]),
            OpenApiParameter("since", OpenApiTypes.DATETIME, description="At or after."),
        ],
    )
)
class AuditEventViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Newest first; sign-ins, lockouts, tokens, password changes and every write."""

    serializer_class = AuditEventSerializer
    filter_backends: list = []

    def get_permissions(self):
        return [*super().get_permissions(), ReadsAudit()]

    def get_queryset(self):
        filters = AuditFilters(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return audit_events(**filters.validated_data)
