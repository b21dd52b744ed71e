from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from criteria.models import CriterionReport
from criteria.services import criterion_report
from resolutions.models import Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(communes):
    return UserFactory(role=Membership.Role.STAFF, role__unit=communes["DN-HV"])


def report(user, unit, **fields):
    criterion = fields.pop("criterion")
    values = {"met": False, "on": date(2025, 9, 20)}
    return criterion_report(user=user, criterion=criterion, unit=unit, **(values | fields))


def test_the_unit_reports_a_criterion_met_with_evidence_and_date(today, clerk, communes, sixteen):
    criterion = sixteen.criteria.get(number=5)
    report(
        clerk, communes["DN-HV"], criterion=criterion, met=True, evidence="Quyết định 12/QĐ-UBND"
    )
    kept = CriterionReport.objects.get()
    assert (kept.met, kept.on, kept.evidence, kept.reported_by) == (
        True,
        date(2025, 9, 20),
        "Quyết định 12/QĐ-UBND",
        clerk,
    )


def test_a_criterion_met_without_evidence_is_refused(today, clerk, communes, sixteen):
    with pytest.raises(ValidationError) as error:
        report(clerk, communes["DN-HV"], criterion=sixteen.criteria.first(), met=True)
    assert "evidence" in error.value.message_dict


def test_a_criterion_not_met_needs_no_evidence(today, clerk, communes, sixteen):
    assert report(clerk, communes["DN-HV"], criterion=sixteen.criteria.first()).met is False


def test_staff_of_another_commune_may_not_report(today, clerk, communes, sixteen):
    with pytest.raises(PermissionDenied):
        report(clerk, communes["DN-BN"], criterion=sixteen.criteria.first())


def test_a_unit_the_set_does_not_apply_to_is_refused(today, coordinator, city, sixteen):
    with pytest.raises(ValidationError) as error:
        report(coordinator, city, criterion=sixteen.criteria.first())
    assert "unit" in error.value.message_dict


def test_a_report_in_the_future_is_refused(today, clerk, communes, sixteen):
    with pytest.raises(ValidationError):
        report(clerk, communes["DN-HV"], criterion=sixteen.criteria.first(), on=date(2025, 10, 1))


def test_leaders_do_not_report(today, leader, communes, sixteen):
    with pytest.raises(PermissionDenied):
        report(leader, communes["DN-HV"], criterion=sixteen.criteria.first())
