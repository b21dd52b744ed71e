"""REST endpoints for proposals: list (each side), raise, read with its steps, and move it
along. Writes go through proposals.services; a refused move is a 400 with the reason."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from proposals import selectors, services
from proposals.models import Proposal, ProposalStep
from reports.models import Target
from resolutions.api import DocumentCodeField, UnitCodeField
from tasks.models import Task
from tracker.api_views import ServiceCreateViewSet


class ProposalStepSerializer(serializers.ModelSerializer):
    by = serializers.StringRelatedField(help_text=_("Who made the move."))

    class Meta:
        model = ProposalStep
        fields = ["from_state", "to_state", "on", "by", "at", "details"]
        extra_kwargs = {
            "from_state": {"help_text": _("State before the move; empty when raised.")},
            "to_state": {"help_text": _("State after the move.")},
            "on": {"help_text": _("Business day of the move.")},
            "at": {"help_text": _("When it was recorded.")},
            "details": {"help_text": _("The step's fields: meeting, conclusion, reason…")},
        }


class ProposalSerializer(serializers.ModelSerializer):
    from_unit = UnitCodeField(read_only=True, help_text=_("Code of the unit that raised it."))
    to_unit = UnitCodeField(help_text=_("Code of the higher unit it is addressed to."))
    task = serializers.PrimaryKeyRelatedField(
        queryset=Task.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the task it is about (one of task, target, document)."),
    )
    target = serializers.PrimaryKeyRelatedField(
        queryset=Target.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the target it is about."),
    )
    document = DocumentCodeField(
        required=False, allow_null=True, help_text=_("Code of the document it is about.")
    )
    responsible_unit = UnitCodeField(
        read_only=True, allow_null=True, help_text=_("Code of the agency that handles it.")
    )
    days_waited = serializers.SerializerMethodField(
        help_text=_("Days since it was raised while it waits for an answer; null after.")
    )
    steps = ProposalStepSerializer(many=True, read_only=True, help_text=_("Every move."))

    class Meta:
        model = Proposal
        fields = ["id", "title", "description", "from_unit", "to_unit", "task", "target"]
        fields += ["document", "state", "submitted_on", "days_waited", "meeting_name"]
        fields += ["meeting_on", "conclusion", "responsible_unit", "handle_by"]
        fields += ["rejection_reason", "closed_on", "steps"]
        read_only_fields = ["id", "state", "submitted_on", "meeting_name", "meeting_on"]
        read_only_fields += ["conclusion", "handle_by", "rejection_reason", "closed_on"]
        extra_kwargs = {
            "id": {"help_text": _("Numeric id.")},
            "title": {"help_text": _("What is proposed or blocked.")},
            "description": {"help_text": _("Details; may be empty."), "max_length": 20000},
            "state": {"help_text": _("submitted, accepted, answered, resolved or rejected.")},
            "submitted_on": {"help_text": _("Day it was raised.")},
            "meeting_name": {"help_text": _("Meeting it was accepted for.")},
            "meeting_on": {"help_text": _("Date of that meeting.")},
            "conclusion": {"help_text": _("The answer (kết luận).")},
            "handle_by": {"help_text": _("Deadline for the responsible agency.")},
            "rejection_reason": {"help_text": _("Why it was rejected.")},
            "closed_on": {"help_text": _("Day it was resolved or rejected.")},
        }

    def get_days_waited(self, proposal: Proposal) -> int | None:
        return selectors.days_waited(proposal, today=timezone.localdate())


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(
        Proposal.State.choices, help_text=_("accepted, answered, resolved or rejected.")
    )
    on = serializers.DateField(required=False, help_text=_("Business day of the move (today)."))
    meeting_name = serializers.CharField(
        required=False, max_length=255, help_text=_("To accepted: the meeting's name.")
    )
    meeting_on = serializers.DateField(required=False, help_text=_("To accepted: its date."))
    conclusion = serializers.CharField(
        required=False, max_length=20000, help_text=_("To answered: the conclusion.")
    )
    responsible_unit = UnitCodeField(
        required=False, help_text=_("To answered: code of the responsible agency.")
    )
    handle_by = serializers.DateField(
        required=False, help_text=_("To answered: the agency's deadline.")
    )
    reason = serializers.CharField(
        required=False, max_length=5000, help_text=_("To rejected: the reason.")
    )
    note = serializers.CharField(required=False, max_length=5000, help_text=_("Optional note."))


class ProposalFilter(django_filters.FilterSet):
    side = django_filters.ChoiceFilter(
        choices=[("raised", "raised"), ("waiting", "waiting")],
        method="filter_side",
        help_text=_("raised: by your unit; waiting: to your unit, unanswered, oldest first."),
    )

    class Meta:
        model = Proposal
        fields = ["state", "side"]

    def filter_side(self, queryset, name, value):
        user = self.request.user
        side = (
            selectors.proposals_raised_by if value == "raised" else selectors.proposals_waiting_for
        )
        return queryset & side(user)


@extend_schema_view(
    list=extend_schema(summary="List proposals", description="Proposals you may see."),
    retrieve=extend_schema(summary="Read a proposal with its steps"),
    create=extend_schema(
        summary="Raise a proposal",
        description="A unit's staff (or a coordinator), to a unit above, about one task, "
        "target or document.",
    ),
)
class ProposalViewSet(ServiceCreateViewSet):
    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter
    ordering_fields = ["submitted_on", "id"]
    ordering = None  # the side's own order, else the model's (oldest first)

    def get_queryset(self) -> QuerySet[Proposal]:
        return (
            selectors.proposals_visible_to(self.request.user)
            .select_related("from_unit", "to_unit", "responsible_unit", "document")
            .prefetch_related("steps__by")
        )

    def create_with_service(self, data: dict[str, Any]) -> Proposal:
        return services.proposal_raise(user=self.request.user, **data)

    @extend_schema(
        summary="Move a proposal along",
        description="Coordinators. submitted → accepted (meeting_name, meeting_on) → answered "
        "(conclusion, responsible_unit, handle_by) → resolved; or rejected (reason) before an "
        "answer. Any other move is a 400 with the reason.",
        request=TransitionSerializer,
        responses=ProposalSerializer,
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def transition(self, request, *args, **kwargs):
        proposal = self.get_object()
        move = TransitionSerializer(data=request.data)
        move.is_valid(raise_exception=True)
        services.proposal_transition(user=request.user, proposal=proposal, **move.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=proposal.pk)).data)
