"""The report page's GET form: documents, unit, period (a reporting period of
reports/periods.py with the configured cut-off, or any range) and layout."""

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.periodic.selectors import Layout, ReportRequest
from reports.periods import PeriodKind, date_range, reporting_period
from resolutions.forms import DayField, DayInput
from resolutions.models import Document, Unit
from resolutions.permissions import User, units_visible_to
from resolutions.selectors import active_documents

RANGE = "range"
SELECT = "form-select form-select-sm"
DATE = DayInput(attrs={"class": "form-control form-control-sm"})


class PeriodicReportForm(forms.Form):
    document = forms.ModelMultipleChoiceField(
        label=_("Documents"),
        queryset=Document.objects.none(),
        to_field_name="code",
        widget=forms.SelectMultiple(attrs={"class": SELECT, "size": 4}),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        required=False,
        empty_label=_("All units"),
        queryset=Unit.objects.none(),
        to_field_name="code",
        widget=forms.Select(attrs={"class": SELECT}),
    )
    include_subunits = forms.BooleanField(label=_("with sub-units"), required=False, initial=True)
    kind = forms.ChoiceField(
        label=_("Period"),
        choices=[
            (PeriodKind.MONTH, _("Month")),
            (PeriodKind.QUARTER, _("Quarter")),
            (PeriodKind.HALF_YEAR, _("6 months")),
            (PeriodKind.NINE_MONTHS, _("9 months")),
            (PeriodKind.YEAR, _("Year")),
            (RANGE, _("Range")),
        ],
        initial=PeriodKind.QUARTER,
        widget=forms.Select(attrs={"class": SELECT}),
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )
    part = forms.IntegerField(
        label=_("Which (month 1–12, quarter 1–4, half 1–2)"),
        required=False,
        min_value=1,
        max_value=12,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )
    start = DayField(label=_("From"), required=False, widget=DATE)
    end = DayField(label=_("To"), required=False, widget=DATE)
    layout = forms.ChoiceField(
        label=_("Layout"),
        required=False,
        choices=[
            ("", _("As the issuer's kind says")),
            (Layout.STATE, _("State (Nghị định 30/2020)")),
            (Layout.PARTY, _("Party (Hướng dẫn 36-HD/VPTW)")),
        ],
        widget=forms.Select(attrs={"class": SELECT}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        # the pickers offer what the user sees
        self.fields["document"].queryset = active_documents(user)  # type: ignore[attr-defined]
        units = units_visible_to(user).filter(is_active=True).order_by("path")
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        try:
            if data.get("kind") == RANGE:
                if not data.get("start") or not data.get("end"):
                    raise ValidationError(
                        {"end": _("Give the first and the last day of the range.")}
                    )
                data["period"] = date_range(data["start"], data["end"])
            elif data.get("kind"):
                data["period"] = reporting_period(
                    data["kind"],
                    year=data.get("year") or timezone.localdate().year,
                    number=data.get("part") or 1,
                )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                error = ValidationError({"part": error.messages})
            raise error
        return data

    def report_request(self) -> ReportRequest:
        data = self.cleaned_data
        return ReportRequest(
            documents=tuple(data["document"]),
            period=data["period"],
            unit=data.get("unit"),
            include_subunits=data["include_subunits"],
            layout=Layout(data["layout"]) if data.get("layout") else None,
        )


def download_query(request: ReportRequest, wanted: str) -> str:
    """The /api/v1/reports/periodic/ query that downloads `request` as `wanted`."""
    params: list[tuple[str, str]] = [("document", document.code) for document in request.documents]
    if request.unit is not None:
        params.append(("unit", request.unit.code))
    params += [
        ("include_subunits", "true" if request.include_subunits else "false"),
        ("start", request.period.start.isoformat()),
        ("end", request.period.end.isoformat()),
        ("format", wanted),
    ]
    if request.layout:
        params.append(("layout", request.layout.value))
    return urlencode(params)
