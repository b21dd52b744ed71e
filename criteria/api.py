"""REST endpoints for criteria sets: list, read, and the matrix of units × criteria as of a
day (figures from criteria.selectors, as the page shows them)."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from criteria.models import CriteriaSet, Criterion
from criteria.selectors import CriteriaMatrix, criteria_matrix
from resolutions.api import UnitCodeField
from resolutions.models import Unit
from tracker.api import HasRole


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "number", "title"]
        extra_kwargs = {
            "id": {"help_text": _("Numeric id.")},
            "number": {"help_text": _("Number within the set (1–16).")},
            "title": {"help_text": _("What the unit must meet.")},
        }


class CriteriaSetSerializer(serializers.ModelSerializer):
    parent = UnitCodeField(read_only=True, help_text=_("Code of the unit it applies under."))
    criteria = CriterionSerializer(many=True, read_only=True, help_text=_("Its criteria."))

    class Meta:
        model = CriteriaSet
        fields = ["id", "name", "parent", "unit_kinds", "criteria"]
        extra_kwargs = {
            "id": {"help_text": _("Numeric id.")},
            "name": {"help_text": _("Name of the set.")},
            "unit_kinds": {"help_text": _("Kinds of unit it applies to (commune, ward…).")},
        }


class MatrixQuerySerializer(serializers.Serializer):
    parent = UnitCodeField(required=False, help_text=_("Only the units under this unit (code)."))
    kind = serializers.ChoiceField(
        Unit.Kind.choices, required=False, help_text=_("Only the units of this kind.")
    )
    as_of = serializers.DateField(required=False, help_text=_("The matrix on this day (today)."))


class UnitShortSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Unit code."))
    name = serializers.CharField(help_text=_("Unit name."))


class MatrixRowSerializer(serializers.Serializer):
    unit = UnitShortSerializer(help_text=_("The unit."))
    met = serializers.IntegerField(help_text=_("Criteria it meets."))
    share_met = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        allow_null=True,
        help_text=_("met / criteria in %, one decimal; null for a set without criteria."),
    )
    complete = serializers.BooleanField(help_text=_("True when it meets every criterion."))
    cells = serializers.ListField(
        child=serializers.BooleanField(allow_null=True),
        help_text=_("Per criterion in order: true met, false not met, null not reported."),
    )


class MissedSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="criterion.number", help_text=_("Criterion."))
    title = serializers.CharField(source="criterion.title", help_text=_("Its title."))
    units = serializers.IntegerField(help_text=_("Units that do not meet it."))


class MatrixSerializer(serializers.Serializer):
    as_of = serializers.DateField(help_text=_("The day it stands on."))
    parent = serializers.CharField(source="parent.code", help_text=_("Code of the parent unit."))
    criteria = CriterionSerializer(many=True, help_text=_("The columns, by number."))
    units = MatrixRowSerializer(source="rows", many=True, help_text=_("The rows, by name."))
    complete_units = UnitShortSerializer(many=True, help_text=_("The units at 100%, by name."))
    most_missed = MissedSerializer(
        many=True, help_text=_("Criteria some unit misses, most often missed first.")
    )

    def to_representation(self, matrix: CriteriaMatrix) -> dict[str, Any]:
        body = super().to_representation(matrix)
        for row, source in zip(body["units"], matrix.rows, strict=True):
            row["cells"] = [cell.report and cell.report.met for cell in source.cells]
        return body


@extend_schema_view(
    list=extend_schema(summary="List criteria sets"),
    retrieve=extend_schema(summary="Read a criteria set with its criteria"),
)
class CriteriaSetViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CriteriaSetSerializer
    permission_classes = [IsAuthenticated, HasRole]
    lookup_value_regex = r"[0-9]+"
    ordering = ["name", "id"]

    def get_queryset(self) -> QuerySet[CriteriaSet]:
        return CriteriaSet.objects.select_related("parent").prefetch_related("criteria")

    @extend_schema(
        summary="The matrix of units × criteria",
        description="Each unit's criteria met as of a day (its latest report by then), its "
        "share met, the units at 100% and the criteria most often missed; only the units "
        "you may see.",
        parameters=[MatrixQuerySerializer],
        responses=MatrixSerializer,
    )
    @action(detail=True, pagination_class=None)
    def matrix(self, request, *args, **kwargs):
        criteria_set = self.get_object()
        query = MatrixQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        matrix = criteria_matrix(
            criteria_set,
            user=request.user,
            as_of=query.validated_data.get("as_of") or timezone.localdate(),
            parent=query.validated_data.get("parent"),
            kind=query.validated_data.get("kind"),
        )
        return Response(MatrixSerializer(matrix).data)
