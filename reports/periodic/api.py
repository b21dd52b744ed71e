"""GET /api/v1/reports/periodic/: the periodic report as a .docx, .pdf or .xlsx file, with
the same content and permissions as the report page."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from reports.periodic.files import FORMATS, file_name
from reports.periodic.selectors import Layout, ReportRequest, periodic_report
from reports.periods import date_range
from reports.permissions import require_periodic_report
from resolutions.api import DocumentCodeField, UnitCodeField


class PeriodicQuerySerializer(serializers.Serializer):
    document = serializers.ListField(
        child=DocumentCodeField(),
        min_length=1,
        max_length=100,
        help_text=_("Code of a document (57-NQ/TW); repeat the parameter for several."),
    )
    unit = UnitCodeField(required=False, help_text=_("Only the tasks this unit leads (code)."))
    include_subunits = serializers.BooleanField(
        default=True, help_text=_("With `unit`: also the tasks its sub-units lead.")
    )
    start = serializers.DateField(help_text=_("First day of the period (YYYY-MM-DD)."))
    end = serializers.DateField(help_text=_("Last day of the period: the figures stand on it."))
    format = serializers.ChoiceField(
        choices=list(FORMATS), help_text=_("docx (Word), pdf or xlsx (Excel).")
    )
    layout = serializers.ChoiceField(
        choices=[layout.value for layout in Layout],
        required=False,
        help_text=_(
            "state (Nghị định 30/2020) or party (36-HD/VPTW); by default as the "
            "documents' issuers say."
        ),
    )
    number = serializers.CharField(
        required=False,
        default="",
        max_length=20,
        help_text=_("The report's number, if it has one."),
    )

    def validate(self, data: dict) -> dict:
        try:
            data["period"] = date_range(data["start"], data["end"])
        except DjangoValidationError as error:
            raise serializers.ValidationError({"end": error.messages}) from error
        return data

    def report_request(self) -> ReportRequest:
        data = self.validated_data
        return ReportRequest(
            documents=tuple(dict.fromkeys(data["document"])),
            period=data["period"],
            unit=data.get("unit"),
            include_subunits=data["include_subunits"],
            layout=Layout(data["layout"]) if data.get("layout") else None,
            number=data["number"],
        )


class JSONErrorsNegotiation(DefaultContentNegotiation):
    """`format` names the file wanted, not one of DRF's renderers: errors answer as JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return JSONRenderer(), JSONRenderer.media_type


class PeriodicReportView(APIView):
    content_negotiation_class = JSONErrorsNegotiation

    @extend_schema(
        summary="Periodic report",
        description="The periodic report over the tasks you may see (coordinators and "
        "leaders), as of the period's last day, as a Word, PDF or Excel file.",
        parameters=[PeriodicQuerySerializer],
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request) -> HttpResponse:
        require_periodic_report(request.user)
        query = PeriodicQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        report = periodic_report(user=request.user, request=query.report_request())
        wanted = query.validated_data["format"]
        response = HttpResponse(
            FORMATS[wanted].render(report), content_type=FORMATS[wanted].content_type
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=file_name(report, wanted)
        )
        return response
