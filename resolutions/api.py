"""REST endpoints for units and documents, named by their codes (DN-SKHCN, 57-NQ/TW)."""

import re

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
from resolutions.permissions import documents_visible_to, units_visible_to
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


# A document named with its issue year: numbers restart each term, so a code may recur.
REFERENCE = re.compile(r"^(?P<code>.+)@(?P<year>[0-9]{4})$")


def documents_named(text: str, documents: QuerySet[Document] | None = None) -> QuerySet[Document]:
    """The documents `text` names: an id (42), a code with its issue year (57-NQ/TW@2024,
    one document) or a code alone, written loosely (57-nq/tw), which may name several.
    ValidationError for a malformed code."""
    documents = Document.objects.all() if documents is None else documents
    text = text.strip()
    if text.isdigit():
        return documents.filter(pk=int(text))
    match = REFERENCE.match(text)
    if match:
        code = normalised_code(match["code"])
        return documents.filter(code=code, issued_on__year=int(match["year"]))
    return documents.filter(code=normalised_code(text))


def ambiguous_message(code: str, candidates: list[Document]) -> str:
    """Which documents share `code`, and how to name each one."""
    named = "; ".join(
        _("%(reference)s (issued %(day)s, id %(id)s)")
        % {"reference": d.reference, "day": d.issued_on.strftime("%d/%m/%Y"), "id": d.pk}
        for d in candidates
    )
    return _("Several documents have code “%(code)s”: name one as %(named)s.") % {
        "code": code,
        "named": named,
    }


@extend_schema_field(OpenApiTypes.STR)
class DocumentCodeField(serializers.RelatedField):
    """A document named by its code, written loosely (`57-nq/tw`) or exactly (`57-NQ/TW`);
    when a code names several documents, by code and issue year (`57-NQ/TW@2024`) or by
    id. An ambiguous code is a 400 that lists the candidates and how to name each."""

    default_error_messages = {
        "does_not_exist": _("There is no document with code “{value}”."),
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
            documents = list(documents_named(data, self.get_queryset()).order_by("issued_on"))
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error
        if not documents:
            self.fail("does_not_exist", value=data.strip())
        if len(documents) > 1:
            raise serializers.ValidationError(ambiguous_message(documents[0].code, documents))
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
    reference = serializers.CharField(
        read_only=True,
        help_text=_(
            "Code and issue year (57-NQ/TW@2024): names this document even when another "
            "has the same code."
        ),
    )
    confirm_duplicate = serializers.BooleanField(
        write_only=True,
        default=False,
        help_text=_("True to create a document whose code another document already has."),
    )
    issuing_unit = UnitCodeField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Code of the issuing unit; null for the central level."),
    )

    class Meta:
        model = Document
        fields = ["id", "code", "reference", "doc_type", "issuer", "number", "issued_on"]
        fields += ["title", "horizon", "is_active", "confirm_duplicate", "issuing_unit"]
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
        if value:
            documents_named(value)  # a malformed code is refused here, as a 400
        return value


class DocumentCodeFilter(django_filters.CharFilter):
    """Filter by the documents a code names (written loosely; every document of that
    code), a code with its issue year (57-NQ/TW@2024) or an id; a malformed code is a 400.
    `field_name` is the path to the document's code, e.g. `document__code`."""

    field_class = DocumentCodeFormField

    def filter(self, qs, value):
        if not value:
            return qs
        path = self.field_name.removesuffix("code").removesuffix("__")
        return qs.filter(**{f"{path}__in" if path else "pk__in": documents_named(value)})


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
        return units_visible_to(self.request.user).select_related("parent", "successor")

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
        return documents_visible_to(self.request.user).select_related("issuing_unit")

    def create_with_service(self, data: dict) -> Document:
        return services.document_create(user=self.request.user, **data)
