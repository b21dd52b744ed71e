"""Issue 15 in a real browser: a unit reports a target value and a criterion, a coordinator
answers a proposal, and the matrix names the communes at 100%."""

import re

from django.contrib.auth.models import User
from playwright.sync_api import expect

from criteria.models import CriteriaSet, CriterionReport
from criteria.selectors import criteria_matrix
from proposals.models import Proposal
from reports.counting import rate
from reports.formatting import format_percent
from reports.models import Target
from resolutions.models import Membership
from tests.conftest import TODAY
from tests.e2e.conftest import log_in, screenshot
from tests.factories import UserFactory
from tests.files import pdf_bytes


def test_a_unit_reports_a_target_value(demo_site, page):
    target = Target.objects.get(unit__code="DN-SKHCN", measure="doanh nghiệp")
    log_in(page, demo_site.url, "staff")
    page.goto(f"{demo_site.url}/targets/")
    expect(page.locator("[data-testid=target-table] tbody tr").first).to_have_attribute(
        "data-target", str(Target.objects.filter(outlook="red").order_by("unit__path").first().pk)
    )
    page.goto(f"{demo_site.url}/targets/{target.pk}/")
    form = page.get_by_test_id("target-report-form")
    form.locator("[name=on]").fill(TODAY.isoformat())
    form.locator("[name=actual]").fill("30")
    form.locator("[name=evidence]").fill("Báo cáo số 45-BC/SKHCN")
    form.locator("[name=evidence_file]").set_input_files(
        files=[{"name": "bao-cao-45.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-figure=achievement]")).to_have_text("75,0%")
    history = page.get_by_test_id("target-history")
    expect(history).to_contain_text("Báo cáo số 45-BC/SKHCN")
    expect(history.get_by_test_id("target-evidence")).to_have_text("bao-cao-45.pdf")
    screenshot(page, "target-reported")
    report = target.reports.get(actual=30, reported_by__username="staff")
    with report.evidence_file.open("rb") as stored:
        assert stored.read() == pdf_bytes()


def test_a_commune_reports_a_criterion(demo_site, page):
    criteria_set = CriteriaSet.objects.get()
    leader = User.objects.get(username="leader")
    row = next(
        r for r in criteria_matrix(criteria_set, user=leader, as_of=TODAY).rows if not r.complete
    )
    missing = next(cell.criterion for cell in row.cells if not (cell.report and cell.report.met))
    UserFactory(username="xa", role=Membership.Role.STAFF, role__unit=row.unit)
    log_in(page, demo_site.url, "xa")
    page.goto(f"{demo_site.url}/criteria/{criteria_set.pk}/units/{row.unit.pk}/")
    form = page.get_by_test_id(f"criterion-form-{missing.number}")
    form.locator("[name=met]").check()
    form.locator("[name=evidence]").fill("Quyết định 88/QĐ-UBND")
    form.locator("button[type=submit]").click()
    expect(page.locator(f"tr[data-criterion='{missing.number}'] [data-figure=met]")).to_have_text(
        "Đạt"
    )
    expect(page.locator("#scorecard [data-figure=share-met]").first).to_have_text(
        format_percent(rate(row.met + 1, len(row.cells)))
    )
    screenshot(page, "criterion-reported")
    assert CriterionReport.objects.filter(unit=row.unit, criterion=missing).latest("id").met


def test_a_coordinator_answers_a_proposal(demo_site, page):
    proposal = Proposal.objects.get(state="accepted")
    log_in(page, demo_site.url, "coordinator")
    page.goto(f"{demo_site.url}/proposals/")
    page.get_by_test_id("proposals-waiting").get_by_role("link", name=proposal.title).click()
    form = page.get_by_test_id("transition-form")
    form.locator("[name=to]").select_option("answered")
    form.locator("[name=conclusion]").fill("Giao Sở Tài chính chủ trì tham mưu bố trí kinh phí.")
    form.locator("[name=responsible_unit]").select_option(label="Sở Tài chính")
    form.locator("[name=handle_by]").fill("2025-10-31")
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-figure=state]")).to_have_text("Đã trả lời")
    expect(page.get_by_test_id("proposal-steps").locator("li")).to_have_count(3)
    screenshot(page, "proposal-answered")
    proposal.refresh_from_db()
    assert (proposal.state, proposal.responsible_unit.code) == ("answered", "DN-STC")


def test_a_refused_move_says_why_in_the_browser(demo_site, page):
    proposal = Proposal.objects.get(state="submitted", from_unit__code="DN-STC")
    log_in(page, demo_site.url, "coordinator")
    page.goto(f"{demo_site.url}/proposals/{proposal.pk}/")
    form = page.get_by_test_id("transition-form")
    form.locator("[name=to]").select_option("resolved")
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-error-for=to]")).to_contain_text("không thể chuyển sang")


def test_the_matrix_names_the_communes_at_one_hundred_percent(demo_site, page):
    criteria_set = CriteriaSet.objects.get()
    leader = User.objects.get(username="leader")
    complete = criteria_matrix(criteria_set, user=leader, as_of=TODAY).complete_units
    log_in(page, demo_site.url, "leader")
    page.goto(f"{demo_site.url}/criteria/{criteria_set.pk}/")
    names = page.get_by_test_id("complete-units").locator(".complete-unit")
    expect(names).to_have_text([unit.name for unit in complete])
    expect(page.get_by_test_id("complete-units").locator("h2")).to_contain_text(str(len(complete)))
    screenshot(page, "criteria-matrix")
    page.get_by_label("Loại đơn vị").select_option("ward")
    expect(page).to_have_url(re.compile(r"kind=ward"))
    wards = [u.name for u in complete if u.kind == "ward"]
    expect(names).to_have_text(wards)
