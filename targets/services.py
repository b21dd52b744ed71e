"""Every write to targets: entering one, reporting its actual value. Permissions are checked
here, history (TargetReport) is written in the same transaction."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import Target
from resolutions.models import Document, Unit
from resolutions.permissions import users_reaching
from resolutions.selectors import User, recorded_user
from targets.models import TargetReport
from targets.permissions import require_create_target, require_report_target
from targets.selectors import pace_outlook
from tasks.evidence import check_evidence_file, evidence_name
from tasks.notifications import Message, Role, composed, notify, without_actor


def target_create(
    *,
    user: User,
    unit: Unit,
    name: str,
    measure: str,
    period_start: date,
    period_end: date,
    plan: Decimal,
    document: Document | None = None,
    measure_kind: str = Target.MeasureKind.NUMBER,
    parent: Target | None = None,
) -> Target:
    """A new target of `unit` for one period (coordinators). With `parent`, it is one of
    the units' targets whose sum is the parent's figures."""
    require_create_target(user)
    errors = {}
    if period_end < period_start:
        errors["period_end"] = _("The period cannot end before it starts.")
    if plan <= 0:
        errors["plan"] = _("The plan must be more than zero.")
    if parent is not None and parent.parent_id is not None:
        errors["parent"] = _("A target that sums into another cannot take parts itself.")
    if errors:
        raise ValidationError(errors)
    return Target.objects.create(
        document=document,
        unit=unit,
        name=name,
        measure=measure,
        measure_kind=measure_kind,
        period_start=period_start,
        period_end=period_end,
        plan=plan,
        parent=parent,
    )


def _check_report(target: Target, on: date, actual: Decimal, parts: list, reason: str, outlook):
    errors = {}
    if target.unit_targets.exists():
        errors["__all__"] = _("This target is the sum of its units' targets: report on theirs.")
    if on > timezone.localdate():
        errors["on"] = _("The date cannot be in the future.")
    elif on < target.period_start:
        errors["on"] = _("The date is before the target's period.")
    if actual < 0 or any(part is not None and part < 0 for part in parts):
        errors["actual"] = _("Values cannot be negative.")
    if outlook and not reason.strip():
        errors["outlook_reason"] = _("Say why you set this outlook.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def target_report(
    *,
    user: User,
    target: Target,
    actual: Decimal,
    on: date,
    note: str = "",
    evidence: str = "",
    evidence_file: UploadedFile | None = None,
    done: Decimal | None = None,
    in_progress: Decimal | None = None,
    not_done: Decimal | None = None,
    outlook: str | None = None,
    outlook_reason: str = "",
) -> TargetReport:
    """The unit reports the actual value on `on`, optionally its parts, an outlook with its
    reason and evidence (a reference, a file checked by content as tasks' evidence is, or
    both); without an outlook the pace suggests one. Kept in the target's history; an
    outlook turning red tells the coordinators."""
    require_report_target(user, target)
    target = Target.objects.select_for_update().select_related("unit").get(pk=target.pk)
    _check_report(target, on, actual, [done, in_progress, not_done], outlook_reason, outlook)
    content_type = ""
    if evidence_file is not None:
        try:
            content_type = check_evidence_file(evidence_file)
        except ValidationError as error:
            raise ValidationError({"evidence_file": error.messages}) from None
    if not outlook:
        outlook_reason = ""
        outlook = pace_outlook(
            actual=actual, plan=target.plan, start=target.period_start, end=target.period_end, on=on
        )
    was_red = target.outlook == Target.Outlook.RED
    report = TargetReport(
        target=target,
        on=on,
        actual=actual,
        done=done,
        in_progress=in_progress,
        not_done=not_done,
        outlook=outlook,
        outlook_reason=outlook_reason,
        note=note,
        evidence=evidence,
        reported_by=recorded_user(user),
    )
    _save_with_file(report, evidence_file, content_type)
    target.actual, target.reported_on = actual, on
    target.outlook, target.outlook_reason = outlook, outlook_reason
    parts = (done, in_progress, not_done)
    if any(part is not None for part in parts):
        target.done, target.in_progress, target.not_done = (p or Decimal(0) for p in parts)
    target.save()
    if outlook == Target.Outlook.RED and not was_red:
        _notify_target_at_risk(report, actor=user)
    return report


def _save_with_file(report: TargetReport, upload: UploadedFile | None, content_type: str):
    """Save the report with its evidence file; the file is removed again if the row fails."""
    if upload is None:
        report.save()
        return
    report.evidence_name = evidence_name(upload.name or "")
    report.evidence_size = upload.size
    report.evidence_content_type = content_type
    report.evidence_file.save(upload.name or "evidence", upload, save=False)
    try:
        report.save()
    except Exception:
        report.evidence_file.delete(save=False)
        raise


def _notify_target_at_risk(report: TargetReport, *, actor: User) -> None:
    """Coordinators follow targets at risk: tell them one has turned red."""
    target = report.target

    def build():
        return Message(
            kind="target_at_risk",
            key=f"target-red:{report.pk}",
            subject=_("Target at risk: %(target)s") % {"target": target.name},
            body=_("%(unit)s reports “%(target)s” at risk.")
            % {"unit": target.unit, "target": target.name}
            + ("\n" + report.outlook_reason if report.outlook_reason else ""),
            url=reverse("targets:detail", args=[target.pk]),
        )

    coordinators = without_actor(users_reaching([target.unit], {Role.COORDINATOR}), actor)
    notify([(composed(build), coordinators)])
