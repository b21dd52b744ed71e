"""REST endpoints for units and documents, named by their codes (DN-SKHCN, 57-NQ/TW)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from resolutions import services
from resolutions.codes import parse_document_code
from resolutions.models import Document, Unit
from tracker.api import ManagerWrites
from tracker.api_views import ServiceCreateViewSet
from tracker.limits import validate_business_date

UNIT_CODE = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"


class UnitCodeField(serializers.SlugRelatedField):
    """A unit named by its code; an unknown code is a field error, not a server error."""

    default_error_messages = {
        "does_not_exist": _("There is no unit with code “{value}”."),
        "invalid": _("Write a unit code, e.g. DN-SKHCN."),
    }

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Unit.objects.all())
        super().__init__(slug_field="code", **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or "\x00" in data or len(data) > 40:
            self.fail("invalid")
        return super().to_internal_value(data.strip())


def normalised_code(text: str) -> str:
    """A document code as stored (57-nq/tw → 57-NQ/TW); ValidationError for a malformed one."""
    return str(parse_document_code(text))


@extend_schema_field(OpenApiTypes.STR)
class DocumentCodeField(serializers.RelatedField):
    """A document named by its code, written loosely (`57-nq/tw`) or exactly (`57-NQ/TW`)."""

    default_error_messages = {
        "does_not_exist": _("There is no document with code “{value}”."),
        "ambiguous": _(
            "Several documents have code “{value}”; ask a coordinator to tell them apart."
        ),
        "invalid": _("Write a document code, e.g. 57-NQ/TW."),
    }

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Document.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 60:
            self.fail("invalid")
        try:
            code = normalised_code(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error
        documents = list(self.get_queryset().filter(code=code)[:2])
        if not documents:
            self.fail("does_not_exist", value=code)
        if len(documents) > 1:
            self.fail("ambiguous", value=code)
        return documents[0]

    def to_representation(self, value):
        return value.code


class UnitSerializer(serializers.ModelSerializer):
    parent = UnitCodeField(
        allow_null=True, required=False, help_text=_("Code of the unit above; null at the top.")
    )
    successor = UnitCodeField(
        read_only=True,
        allow_null=True,
        help_text=_("Code of the unit it was merged into, if it was merged."),
    )
    code = serializers.RegexField(
        UNIT_CODE,
        max_length=40,
        help_text=_("Unique code of the unit: letters, digits, '-', '_', '.' (DN-SKHCN)."),
    )

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "short_name", "kind", "parent", "path", "is_active"]
        fields += ["successor"]
        read_only_fields = ["id", "path", "is_active"]
        extra_kwargs = {
            "id": {"help_text": _("Numeric id.")},
            "name": {"help_text": _("Full name (Sở Khoa học và Công nghệ).")},
            "short_name": {"help_text": _("Short name for tables; may be empty.")},
            "kind": {"help_text": _("Kind of unit.")},
            "path": {"help_text": _("Codes from the top of the tree down to this unit.")},
            "is_active": {"help_text": _("False for a unit merged into another one.")},
        }


class DocumentSerializer(serializers.ModelSerializer):
    code = serializers.CharField(
        max_length=60, help_text=_("Code, NUMBER-TYPE/ISSUER (57-NQ/TW) or 71/NQ-CP.")
    )

    class Meta:
        model = Document
        fields = ["id", "code", "doc_type", "issuer", "number", "issued_on", "title"]
        fields += ["horizon", "is_active"]
        read_only_fields = ["id", "doc_type", "issuer", "number", "is_active"]
        extra_kwargs = {
            "id": {"help_text": _("Numeric id.")},
            "doc_type": {"help_text": _("Type from the code: NQ, CT, KL, QĐ, KH, TB, CTr…")},
            "issuer": {"help_text": _("Issuer from the code: TW, TU, CP…")},
            "number": {"help_text": _("Number from the code.")},
            "issued_on": {"help_text": _("Day of issue."), "validators": [validate_business_date]},
            "title": {"help_text": _("Title (trích yếu).")},
            "horizon": {
                "help_text": _("Year or day the document aims at, if any."),
                "validators": [validate_business_date],
            },
            "is_active": {"help_text": _("False for a document no longer followed.")},
        }


class DocumentCodeFormField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        return normalised_code(value) if value else value


class DocumentCodeFilter(django_filters.CharFilter):
    """Filter by a document code written loosely; a malformed code is a 400."""

    field_class = DocumentCodeFormField


class UnitFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(
        field_name="parent__code", help_text=_("Code of the unit above.")
    )
    within = django_filters.CharFilter(
        method="filter_within", help_text=_("Code of a unit: it and every unit below it.")
    )

    class Meta:
        model = Unit
        fields = ["kind", "is_active", "parent", "within"]

    def filter_within(self, queryset, name, value):
        unit = Unit.objects.filter(code=value).first()
        return queryset.filter(path__startswith=unit.path) if unit else queryset.none()


class DocumentFilter(django_filters.FilterSet):
    code = DocumentCodeFilter(help_text=_("Document code, written loosely or exactly."))
    issued_after = django_filters.DateFilter(
        field_name="issued_on", lookup_expr="gte", help_text=_("Issued on or after this day.")
    )
    issued_before = django_filters.DateFilter(
        field_name="issued_on", lookup_expr="lte", help_text=_("Issued on or before this day.")
    )

    class Meta:
        model = Document
        fields = ["code", "doc_type", "issuer", "is_active", "issued_after", "issued_before"]


@extend_schema_view(
    list=extend_schema(summary="List units", description="Units of the tree, by path."),
    retrieve=extend_schema(summary="Read a unit"),
    create=extend_schema(
        summary="Create a unit",
        description="Coordinators and administrators only. `parent` is a unit code or null.",
    ),
)
class UnitViewSet(ServiceCreateViewSet):
    serializer_class = UnitSerializer
    permission_classes = [*ServiceCreateViewSet.permission_classes, ManagerWrites]
    filterset_class = UnitFilter
    ordering_fields = ["code", "name", "path"]
    ordering = ["path"]

    def get_queryset(self) -> QuerySet[Unit]:
        return Unit.objects.select_related("parent", "successor")

    def create_with_service(self, data: dict) -> Unit:
        return services.unit_create(user=self.request.user, **data)


@extend_schema_view(
    list=extend_schema(summary="List documents"),
    retrieve=extend_schema(summary="Read a document"),
    create=extend_schema(
        summary="Create a document",
        description="Coordinators and administrators only. The code is normalised "
        "(57-nq/tw → 57-NQ/TW); a malformed code is refused.",
    ),
)
class DocumentViewSet(ServiceCreateViewSet):
    serializer_class = DocumentSerializer
    permission_classes = [*ServiceCreateViewSet.permission_classes, ManagerWrites]
    filterset_class = DocumentFilter
    ordering_fields = ["issued_on", "code", "number"]
    ordering = ["-issued_on", "code"]

    def get_queryset(self) -> QuerySet[Document]:
        return Document.objects.all()

    def create_with_service(self, data: dict) -> Document:
        return services.document_create(user=self.request.user, **data)
