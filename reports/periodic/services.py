"""Issuing a periodic report ("Phát hành"): the report with its number, rendered once in the
three formats and kept with its figures, so it downloads unchanged forever."""

from dataclasses import replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reports.models import IssuedReport
from reports.periodic.files import FORMATS
from reports.periodic.selectors import ReportRequest, periodic_report, report_figures
from resolutions.selectors import User, recorded_user
from resolutions.services import require_manager


@transaction.atomic
def periodic_report_issue(*, user: User, request: ReportRequest, number: str) -> IssuedReport:
    """Issue the report `request` asks for under `number` (125 → "125-BC/TU"): coordinators
    only; a number is issued once."""
    require_manager(user)
    if not number.strip():
        raise ValidationError({"number": _("Give the report's number.")})
    report = periodic_report(user=user, request=replace(request, number=number.strip()))
    if IssuedReport.objects.filter(number=report.number).exists():
        raise ValidationError(
            {"number": _("Report %(number)s was issued already.") % {"number": report.number}}
        )
    issued = IssuedReport.objects.create(
        number=report.number,
        issued_on=report.signed_on,
        issued_by=recorded_user(user),
        unit=request.unit,
        include_subunits=request.include_subunits,
        period_start=request.period.start,
        period_end=request.period.end,
        layout=report.layout,
        figures=report_figures(report),
        **{name: wanted.render(report) for name, wanted in FORMATS.items()},
    )
    issued.documents.set(request.documents)
    return issued
