"""Every write to criteria: a unit reports a criterion met or not, with evidence and a day.
Kept as history; the matrix of a past day reads what was reported by then."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from criteria.models import Criterion, CriterionReport
from criteria.permissions import require_report_criteria
from criteria.selectors import matrix_units
from resolutions.models import Unit
from resolutions.selectors import User, recorded_user


@transaction.atomic
def criterion_report(
    *,
    user: User,
    criterion: Criterion,
    unit: Unit,
    met: bool,
    on: date,
    evidence: str = "",
) -> CriterionReport:
    """The unit reports `criterion` met (or not) from `on`; it must be one of the units the
    criteria set applies to. A criterion reported met names its evidence."""
    require_report_criteria(user, unit)
    errors = {}
    if not matrix_units(criterion.criteria_set).filter(pk=unit.pk).exists():
        errors["unit"] = _("This criteria set does not apply to %(unit)s.") % {"unit": unit}
    if on > timezone.localdate():
        errors["on"] = _("The date cannot be in the future.")
    if met and not evidence.strip():
        errors["evidence"] = _("Name the evidence that the criterion is met.")
    if errors:
        raise ValidationError(errors)
    return CriterionReport.objects.create(
        criterion=criterion,
        unit=unit,
        met=met,
        on=on,
        evidence=evidence.strip(),
        reported_by=recorded_user(user),
    )
