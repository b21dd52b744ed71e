"""REST endpoints for targets: list and read with their figures, enter one (coordinators),
report its actual value (the unit's staff). Writes go through targets.services."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from reports.models import Target
from resolutions.api import DocumentCodeField, DocumentCodeFilter, UnitCodeField
from targets import services
from targets.models import TargetReport
from targets.selectors import figures_of, target_reports, targets_visible_to, with_figures
from tracker.api import ManagerWrites
from tracker.api_views import ServiceCreateViewSet

AMOUNT: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}
OUTLOOK_HELP = _(
    "green (will meet plan), orange (developing), red (at risk), grey (cannot be judged yet)."
)


class TargetSerializer(serializers.Serializer):
    """A target with its figures (a roll-up's are the sums of its units' targets)."""

    id = serializers.IntegerField(source="target.id", read_only=True, help_text=_("Numeric id."))
    document = DocumentCodeField(
        source="target.document",
        read_only=True,
        allow_null=True,
        help_text=_("Code of the document it belongs to, if any."),
    )
    unit = serializers.CharField(
        source="target.unit.code", read_only=True, help_text=_("Code of the unit it belongs to.")
    )
    name = serializers.CharField(source="target.name", help_text=_("What is measured (chỉ tiêu)."))
    measure = serializers.CharField(
        source="target.measure", help_text=_("Unit of measure (pages, metres…).")
    )
    measure_kind = serializers.CharField(
        source="target.measure_kind", help_text=_("number, percent or money.")
    )
    period_start = serializers.DateField(
        source="target.period_start", help_text=_("First day of the period.")
    )
    period_end = serializers.DateField(
        source="target.period_end", help_text=_("Last day of the period.")
    )
    plan = serializers.DecimalField(**AMOUNT, help_text=_("Planned amount."))
    actual = serializers.DecimalField(**AMOUNT, help_text=_("Latest reported actual amount."))
    achievement = serializers.DecimalField(
        max_digits=8,
        decimal_places=1,
        allow_null=True,
        help_text=_("actual / plan in %, one decimal, half-up; may pass 100 (128.0)."),
    )
    done = serializers.DecimalField(**AMOUNT, help_text=_("Part done (of the whole)."))
    in_progress = serializers.DecimalField(**AMOUNT, help_text=_("Part in progress."))
    not_done = serializers.DecimalField(**AMOUNT, help_text=_("Part not done."))
    shares = serializers.ListField(
        child=serializers.DecimalField(max_digits=4, decimal_places=1),
        allow_null=True,
        source="shares_or_none",
        help_text=_(
            "Done / in progress / not done in %, one decimal, adding up to 100; null without parts."
        ),
    )
    outlook = serializers.CharField(source="target.outlook", help_text=OUTLOOK_HELP)
    outlook_reason = serializers.CharField(
        source="target.outlook_reason",
        help_text=_("The unit's reason for the outlook; empty when the pace suggested it."),
    )
    suggested_outlook = serializers.CharField(
        help_text=_("The outlook the pace suggests (straight line from start to plan).")
    )
    reported_on = serializers.DateField(
        source="target.reported_on", allow_null=True, help_text=_("Day of the latest report.")
    )
    parent = serializers.IntegerField(
        source="target.parent_id",
        read_only=True,
        allow_null=True,
        help_text=_("Id of the target it sums into, if any."),
    )
    rolled_up = serializers.BooleanField(
        help_text=_("True when the figures are the sum of its units' targets.")
    )

    def to_representation(self, instance: Target) -> dict[str, Any]:
        return super().to_representation(figures_of(instance))


class TargetCreateSerializer(serializers.Serializer):
    document = DocumentCodeField(
        required=False, allow_null=True, help_text=_("Code of the document it belongs to.")
    )
    unit = UnitCodeField(help_text=_("Code of the unit that reports it."))
    name = serializers.CharField(max_length=255, help_text=_("What is measured (chỉ tiêu)."))
    measure = serializers.CharField(
        max_length=40, help_text=_("Unit of measure (trang, mét giá…).")
    )
    measure_kind = serializers.ChoiceField(
        Target.MeasureKind.choices,
        default=Target.MeasureKind.NUMBER,
        help_text=_("number, percent or money."),
    )
    period_start = serializers.DateField(help_text=_("First day of the period."))
    period_end = serializers.DateField(help_text=_("Last day of the period."))
    plan = serializers.DecimalField(**AMOUNT, help_text=_("Planned amount, more than zero."))
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Target.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the province's target this one sums into."),
    )


class TargetReportSerializer(serializers.ModelSerializer):
    reported_by = serializers.StringRelatedField(help_text=_("Who reported it."))
    outlook = serializers.ChoiceField(
        Target.Outlook.choices,
        required=False,
        allow_blank=True,
        help_text=_("The unit's outlook; leave it out to take the one the pace suggests."),
    )

    evidence_file = serializers.FileField(
        required=False,
        write_only=True,
        help_text=_("An evidence file (multipart): PDF, Word, Excel, image or ZIP."),
    )
    evidence_file_url = serializers.SerializerMethodField(
        help_text=_("Where the evidence file downloads; null without one.")
    )

    class Meta:
        model = TargetReport
        fields = ["id", "on", "actual", "done", "in_progress", "not_done", "outlook"]
        fields += ["outlook_reason", "note", "evidence", "evidence_file", "evidence_name"]
        fields += ["evidence_file_url", "reported_by", "reported_at"]
        read_only_fields = ["id", "evidence_name", "reported_by", "reported_at"]
        extra_kwargs = {
            "id": {"help_text": _("Numeric id.")},
            "on": {"help_text": _("The day the actual value stands on.")},
            "actual": {"help_text": _("The actual amount on that day.")},
            "done": {"help_text": _("Optional part done.")},
            "in_progress": {"help_text": _("Optional part in progress.")},
            "not_done": {"help_text": _("Optional part not done.")},
            "outlook_reason": {"help_text": _("Why this outlook; required with an outlook.")},
            "note": {"help_text": _("A note; may be empty."), "max_length": 5000},
            "evidence": {"help_text": _("Evidence: a document number or a link.")},
            "reported_at": {"help_text": _("When it was reported.")},
            "evidence_name": {"help_text": _("The evidence file's name; empty without one.")},
        }

    def get_evidence_file_url(self, report: TargetReport) -> str | None:
        if not report.evidence_file:
            return None
        return reverse("targets:evidence", args=[report.pk])


class TargetFilter(django_filters.FilterSet):
    document = DocumentCodeFilter(field_name="document__code", help_text=_("Document code."))
    unit = django_filters.CharFilter(field_name="unit__code", help_text=_("Unit code."))

    class Meta:
        model = Target
        fields = ["document", "unit", "outlook"]


@extend_schema_view(
    list=extend_schema(
        summary="List targets", description="Targets you may see, at risk (red) first."
    ),
    retrieve=extend_schema(summary="Read a target"),
    create=extend_schema(
        summary="Enter a target",
        description="Coordinators and administrators.",
        request=TargetCreateSerializer,
        responses={201: TargetSerializer},
    ),
)
class TargetViewSet(ServiceCreateViewSet):
    serializer_class = TargetSerializer
    filterset_class = TargetFilter
    permission_classes = [*ServiceCreateViewSet.permission_classes, ManagerWrites]
    ordering_fields = ["period_end", "name", "id"]
    ordering = None  # the selector's: red first

    def get_queryset(self) -> QuerySet[Target]:
        return with_figures(targets_visible_to(self.request.user))

    def create(self, request, *args, **kwargs):
        serializer = TargetCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        target = services.target_create(user=request.user, **serializer.validated_data)
        created = self.get_queryset().get(pk=target.pk)
        return Response(self.get_serializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["get"],
        summary="A target's reports",
        description="Every report, newest first: who, when, the value and its evidence.",
        responses=TargetReportSerializer(many=True),
    )
    @extend_schema(
        methods=["post"],
        summary="Report a target's actual value",
        description="The staff of the target's unit (and coordinators). Answers with the "
        "target and its new figures.",
        request=TargetReportSerializer,
        responses={201: TargetSerializer},
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def reports(self, request, *args, **kwargs):
        target = self.get_object()
        if request.method == "GET":
            reports = target_reports(target)
            return Response(TargetReportSerializer(reports, many=True).data)
        report = TargetReportSerializer(data=request.data)
        report.is_valid(raise_exception=True)
        services.target_report(user=request.user, target=target, **report.validated_data)
        updated = get_object_or_404(self.get_queryset(), pk=target.pk)
        return Response(self.get_serializer(updated).data, status=status.HTTP_201_CREATED)
