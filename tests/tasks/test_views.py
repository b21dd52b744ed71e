"""Task pages through the client: the role × page × action matrix, forms, query counts."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.html import parse_html
from django.urls import reverse

from resolutions.models import Membership, Unit
from tasks.cancellation import change_request_create
from tasks.models import Blocker, Evidence, Extension, Task
from tasks.services import (
    blocker_raise,
    blocker_resolve,
    extension_reject,
    extension_request,
    task_report_progress,
)
from tests.factories import DocumentFactory, TaskFactory, UnitFactory, UserFactory
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def users(staff, leader, coordinator, other_unit):
    return {
        "staff": staff,
        "other_staff": UserFactory(role=Membership.Role.STAFF, role__unit=other_unit),
        "leader": leader,
        "coordinator": coordinator,
    }


@pytest.fixture
def evidence(task, staff):
    pdf = SimpleUploadedFile("bao-cao.pdf", pdf_bytes(), content_type="application/pdf")
    task_report_progress(user=staff, task=task, status="in_progress", percent=10, evidence=[pdf])
    return Evidence.objects.get()


def progress(task: Task) -> dict:
    return {"status": "in_progress", "percent": 45, "note": "", "expected_version": task.version}


READS = [
    # (who, page, expected status)
    ("staff", "detail", 200),
    ("other_staff", "detail", 404),
    ("leader", "detail", 200),
    ("coordinator", "detail", 200),
    ("staff", "review", 403),
    ("leader", "review", 403),
    ("coordinator", "review", 200),
    ("staff", "new", 403),
    ("leader", "new", 403),
    ("coordinator", "new", 200),
    ("staff", "edit", 403),
    ("leader", "edit", 403),
    ("other_staff", "edit", 403),
    ("coordinator", "edit", 200),
]


@pytest.mark.parametrize(("who", "page", "expected"), READS)
def test_page_access(client, users, task, who, page, expected):
    client.force_login(users[who])
    args = [task.pk] if page in ("detail", "edit") else []
    assert client.get(reverse(f"tasks:{page}", args=args)).status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("staff", 200), ("other_staff", 404), ("leader", 403), ("coordinator", 200)],
)
def test_progress_report_permissions(client, users, task, who, expected):
    client.force_login(users[who])
    url = reverse("tasks:progress", args=[task.pk])
    response = client.post(url, progress(task), headers=HTMX)
    assert response.status_code == expected
    assert Task.objects.get(pk=task.pk).percent == (45 if expected == 200 else 0)


def test_plain_report_without_htmx_redirects_to_the_task(client, staff, task):
    client.force_login(staff)
    response = client.post(reverse("tasks:progress", args=[task.pk]), progress(task))
    assert response["Location"] == reverse("tasks:detail", args=[task.pk])


@pytest.mark.parametrize(
    ("who", "expected"),
    [("staff", 200), ("other_staff", 404), ("leader", 403)],
)
def test_extension_request_permissions(client, users, task, who, expected):
    client.force_login(users[who])
    data = {"requested_deadline": "2026-03-31", "reason": "Chờ kinh phí"}
    url = reverse("tasks:extension_request", args=[task.pk])
    response = client.post(url, data, headers=HTMX)
    assert response.status_code == expected
    assert Extension.objects.exists() == (expected == 200)


@pytest.mark.parametrize(("who", "expected"), [("staff", 403), ("leader", 403)])
def test_only_coordinators_decide_extensions(client, users, task, who, expected):
    extension = extension_request(
        user=users["staff"], task=task, requested_deadline=date(2026, 3, 31), reason="x"
    )
    client.force_login(users[who])
    url = reverse("tasks:extension_decide", args=[extension.pk])
    assert client.post(url, {"action": "approve"}).status_code == expected
    assert Extension.objects.get().status == Extension.Status.PENDING


@pytest.mark.parametrize(("who", "expected"), [("staff", 403), ("leader", 403)])
def test_only_coordinators_confirm_completions(client, users, task, who, expected):
    task_report_progress(user=users["staff"], task=task, status="completed", percent=100)
    client.force_login(users[who])
    url = reverse("tasks:completion", args=[task.pk])
    assert client.post(url, {"action": "confirm"}).status_code == expected
    assert Task.objects.get(pk=task.pk).completion_confirmed_at is None


@pytest.mark.parametrize(
    ("who", "expected"), [("staff", 200), ("other_staff", 404), ("leader", 200)]
)
def test_evidence_download_follows_task_visibility(client, users, evidence, who, expected):
    client.force_login(users[who])
    response = client.get(reverse("tasks:evidence", args=[evidence.pk]))
    assert response.status_code == expected


def test_evidence_is_sent_as_a_download(client, staff, evidence):
    client.force_login(staff)
    response = client.get(reverse("tasks:evidence", args=[evidence.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_anonymous_is_sent_to_log_in(client, task):
    response = client.get(reverse("tasks:detail", args=[task.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_foreign_task_page_shows_none_of_its_data(client, users, task):
    client.force_login(users["other_staff"])
    response = client.get(reverse("tasks:detail", args=[task.pk]))
    assert "Xây dựng CSDL" not in response.content.decode()


def test_invalid_report_keeps_what_was_typed(client, staff, task):
    client.force_login(staff)
    data = {**progress(task), "percent": 150, "note": "Đã họp triển khai"}
    response = client.post(reverse("tasks:progress", args=[task.pk]), data, headers=HTMX)
    html = response.content.decode()
    assert 'data-error-for="percent"' in html
    assert "Đã họp triển khai" in html


def by_id(element, id_: str):
    """The element of a parsed page (django.test.html) with id `id_`, or None."""
    if isinstance(element, str):
        return None
    if ("id", id_) in element.attributes:
        return element
    found = (by_id(child, id_) for child in element.children)
    return next((e for e in found if e is not None), None)


def out_of_band(html: str) -> dict[str, object]:
    """The parts of an htmx answer swapped out of band, by id, without the swap marker;
    what is put on top of an element (`afterbegin:#id`) under `+id`."""
    parts = {}
    for part in parse_html(html).children:
        if isinstance(part, str):
            continue
        swap = dict(part.attributes)["hx-swap-oob"]
        part.attributes.remove(("hx-swap-oob", swap))
        key = dict(part.attributes)["id"] if swap == "true" else "+" + swap.split("#", 1)[1]
        parts[key] = part
    return parts


# What a progress report that keeps the task open changes on its page (issue 17): its
# status, percent and form anew, and its own entries on top of the history.
REPORTED_PARTS = {"task-status", "task-percent", "task-progress", "+task-history-list"}


def test_htmx_report_answers_only_the_parts_a_report_changes(client, staff, task):
    client.force_login(staff)
    response = client.post(reverse("tasks:progress", args=[task.pk]), progress(task), headers=HTMX)
    html = response.content.decode()
    assert 'id="task-main"' not in html
    assert set(out_of_band(html)) == REPORTED_PARTS
    assert response["HX-Reswap"] == "none"
    for untouched in ("blockers", "extensions", "task-facts", "change-request"):
        assert f'data-testid="{untouched}"' not in html
    triggers = json.loads(response["HX-Trigger"])
    assert "task-changed" in triggers
    assert triggers["messages"]["items"] == [
        {"level": "success", "text": "Đã lưu báo cáo tiến độ."}
    ]


def test_the_parts_a_report_swaps_are_what_the_page_shows_after_it(client, staff, task):
    blocker_raise(user=staff, task=task, description="Chưa có mặt bằng")
    task_report_progress(user=staff, task=task, percent=20, note="Đã lập kế hoạch")
    task.refresh_from_db()
    client.force_login(staff)
    detail = reverse("tasks:detail", args=[task.pk])
    before = parse_html(client.get(detail).content.decode())
    data = {**progress(task), "note": "Đã khảo sát"}
    html = client.post(reverse("tasks:progress", args=[task.pk]), data, headers=HTMX)
    page = parse_html(client.get(detail).content.decode())
    parts = out_of_band(html.content.decode())
    # the progress form differs only in its one-time keys (CSRF, idempotency)
    for id_ in REPORTED_PARTS - {"task-progress", "+task-history-list"}:
        assert parts[id_] == by_id(page, id_), id_
    version = by_id(parts["task-progress"], "id_expected_version")
    assert version == by_id(page, "id_expected_version")
    assert ("value", str(Task.objects.get(pk=task.pk).version)) in version.attributes
    # the history: the report's entries on top of what the page showed before it
    added = [e for e in parts["+task-history-list"].children if not isinstance(e, str)]
    kept = [e for e in by_id(before, "task-history-list").children if not isinstance(e, str)]
    shown = [e for e in by_id(page, "task-history-list").children if not isinstance(e, str)]
    assert added and shown == added + kept
    assert "45%" in str(parts["task-percent"]) and "Đã khảo sát" in str(added)
    assert "Chưa có mặt bằng" in str(by_id(page, "blockers"))  # kept by the page, not sent


def test_a_replayed_report_answers_the_whole_history(client, staff, task):
    # sent twice with one key: the second writes nothing, so it cannot say what to add
    client.force_login(staff)
    data = {**progress(task), "idempotency_key": "k-twice"}
    client.post(reverse("tasks:progress", args=[task.pk]), data, headers=HTMX)
    again = client.post(reverse("tasks:progress", args=[task.pk]), data, headers=HTMX)
    parts = out_of_band(again.content.decode())
    assert "task-history" in parts and "+task-history-list" not in parts


def test_htmx_report_with_a_file_also_swaps_the_evidence(client, staff, task):
    client.force_login(staff)
    pdf = SimpleUploadedFile("bien-ban.pdf", pdf_bytes(), content_type="application/pdf")
    data = {**progress(task), "evidence": pdf}
    response = client.post(reverse("tasks:progress", args=[task.pk]), data, headers=HTMX)
    parts = out_of_band(response.content.decode())
    # a file's entries are written apart from the report's: the whole history comes anew
    assert set(parts) == REPORTED_PARTS - {"+task-history-list"} | {"task-history", "task-evidence"}
    assert "bien-ban.pdf" in str(parts["task-evidence"])


def test_htmx_report_on_a_task_with_an_expected_output_swaps_the_output(client, staff, task):
    Task.objects.filter(pk=task.pk).update(expected_output="Đề án")
    client.force_login(staff)
    data = {**progress(task), "output": "Dự thảo đề án"}
    response = client.post(reverse("tasks:progress", args=[task.pk]), data, headers=HTMX)
    parts = out_of_band(response.content.decode())
    assert set(parts) == REPORTED_PARTS | {"task-output"}
    assert "Dự thảo đề án" in str(parts["task-output"])


def test_htmx_completion_answers_the_whole_task(client, staff, task):
    # A completion changes what may be done (no more reports or requests): every form.
    client.force_login(staff)
    data = {**progress(task), "status": "completed", "percent": 100}
    response = client.post(reverse("tasks:progress", args=[task.pk]), data, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="task-main"')
    assert "hx-swap-oob" not in html and "HX-Reswap" not in response
    assert 'data-testid="progress-form"' not in html
    assert "task-changed" in json.loads(response["HX-Trigger"])


def test_stale_report_is_refused_and_shows_the_newer_state(client, staff, coordinator, task):
    opened = progress(task)
    task_report_progress(user=coordinator, task=task, status="in_progress", percent=70)
    client.force_login(staff)
    data = {**opened, "percent": 30, "note": "Ghi chú của tôi"}
    response = client.post(reverse("tasks:progress", args=[task.pk]), data, headers=HTMX)
    html = response.content.decode()
    assert 'data-testid="stale"' in html
    assert "Ghi chú của tôi" in html
    assert Task.objects.get(pk=task.pk).percent == 70


def test_saving_again_after_a_stale_refusal_goes_through(client, staff, coordinator, task):
    opened = progress(task)
    task_report_progress(user=coordinator, task=task, status="in_progress", percent=70)
    client.force_login(staff)
    url = reverse("tasks:progress", args=[task.pk])
    client.post(url, {**opened, "percent": 30}, headers=HTMX)
    client.post(url, {**opened, "percent": 30, "expected_version": task.version + 1})
    assert Task.objects.get(pk=task.pk).percent == 30


def test_coordinator_approves_and_the_task_shows_the_new_deadline(client, staff, coordinator, task):
    extension = extension_request(
        user=staff, task=task, requested_deadline=date(2026, 3, 31), reason="Chờ kinh phí"
    )
    client.force_login(coordinator)
    url = reverse("tasks:extension_decide", args=[extension.pk])
    response = client.post(url, {"action": "approve"}, headers=HTMX)
    assert 'data-testid="decision"' in response.content.decode()
    task.refresh_from_db()
    assert (task.deadline, task.original_deadline, task.extension_count) == (
        date(2026, 3, 31),
        date(2025, 12, 31),
        1,
    )


def test_rejecting_without_a_reason_is_refused(client, staff, coordinator, task):
    extension = extension_request(
        user=staff, task=task, requested_deadline=date(2026, 3, 31), reason="Chờ kinh phí"
    )
    client.force_login(coordinator)
    url = reverse("tasks:extension_decide", args=[extension.pk])
    response = client.post(url, {"action": "reject", "note": ""}, headers=HTMX)
    assert 'data-error-for="note"' in response.content.decode()
    assert Extension.objects.get().status == Extension.Status.PENDING


def test_requester_sees_the_rejection_reason(client, staff, coordinator, task):
    extension = extension_request(
        user=staff, task=task, requested_deadline=date(2026, 3, 31), reason="Chờ kinh phí"
    )
    extension_reject(user=coordinator, extension=extension, note="Chưa đủ căn cứ")
    client.force_login(staff)
    html = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "Chưa đủ căn cứ" in html


def test_coordinator_assigns_a_task_to_every_commune(client, coordinator, today):
    city = UnitFactory(code="DN", kind=Unit.Kind.PROVINCE)
    communes = [UnitFactory(parent=city, kind=Unit.Kind.COMMUNE) for _ in range(4)]
    UnitFactory(parent=city, kind=Unit.Kind.DEPARTMENT)
    document = DocumentFactory()
    client.force_login(coordinator)
    data = {
        "document": document.pk,
        "title": "Rà soát thủ tục hành chính",
        "all_communes_of": city.pk,
        "assigned_on": "2025-09-01",
        "deadline": "2025-12-31",
    }
    preview = client.post(reverse("tasks:new"), data)
    assert preview.status_code == 200
    assert "Sẽ giao 4 nhiệm vụ" in preview.content.decode()
    assert not Task.objects.exists()
    response = client.post(reverse("tasks:new"), {**data, "confirm": "1"})
    assert response.status_code == 302
    leads = set(Task.objects.values_list("lead_unit_id", flat=True))
    assert leads == {u.pk for u in communes}


def test_task_form_without_any_lead_unit_says_so(client, coordinator, today):
    client.force_login(coordinator)
    data = {"document": DocumentFactory().pk, "title": "x", "assigned_on": "2025-09-01"}
    response = client.post(reverse("tasks:new"), data)
    assert response.status_code == 200
    assert not Task.objects.exists()


def test_coordinator_sends_a_completion_back(client, staff, coordinator, task):
    task_report_progress(user=staff, task=task, status="completed", percent=100)
    client.force_login(coordinator)
    url = reverse("tasks:completion", args=[task.pk])
    client.post(url, {"action": "send_back", "note": "Thiếu minh chứng"}, headers=HTMX)
    assert Task.objects.get(pk=task.pk).status == Task.Status.IN_PROGRESS


@pytest.mark.parametrize("rows", [1, 30])
def test_task_list_runs_a_fixed_number_of_queries(
    client, staff, unit, today, rows, django_assert_num_queries
):
    TaskFactory.create_batch(rows, lead_unit=unit)
    client.force_login(staff)
    # session, user, memberships with their units, documents named by the search words,
    # count, page, the page's row figures, document choices of the filter form
    with django_assert_num_queries(8):
        response = client.get(reverse("tasks:list"), {"q": "chuyen doi", "sort": "-percent"})
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 20])
def test_task_page_runs_a_fixed_number_of_queries(
    client, staff, coordinator, task, rows, django_assert_num_queries
):
    for percent in range(rows):
        task_report_progress(user=staff, task=task, status="in_progress", percent=percent + 1)
        blocker_raise(user=staff, task=task, description=f"Vướng mắc {percent}")
    client.force_login(staff)
    # session, user, memberships with their units, the task, supporting units, history,
    # extensions, evidence, blockers, stop/adjust requests, sub-tasks
    with django_assert_num_queries(11):
        client.get(reverse("tasks:detail", args=[task.pk]))


@pytest.mark.parametrize("rows", [1, 10])
def test_review_queue_runs_a_fixed_number_of_queries(
    client, staff, coordinator, unit, today, rows, django_assert_num_queries
):
    for task in TaskFactory.create_batch(rows, lead_unit=unit):
        extension_request(user=staff, task=task, requested_deadline=date(2026, 6, 1), reason="x")
        change_request_create(user=staff, task=task, kind="cancel", reason="Không còn phù hợp")
    client.force_login(coordinator)
    # session, user with membership, extensions, stop/adjust requests, completions, their count
    with django_assert_num_queries(7):
        client.get(reverse("tasks:review"))


def test_leader_reads_the_task_without_any_form(client, leader, task):
    client.force_login(leader)
    html = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "Xây dựng CSDL" in html
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<form" not in main


def test_coordinator_filtering_by_document_gets_its_edit_link(client, coordinator, task):
    client.force_login(coordinator)
    response = client.get(reverse("tasks:list"), {"document": task.document_id})
    assert reverse("resolutions:edit", args=[task.document_id]) in response.content.decode()


# Blockers (vướng mắc) -------------------------------------------------------------------------


def raised(task: Task, staff, description: str = "Chưa có kinh phí thuê máy chủ") -> Blocker:
    return blocker_raise(user=staff, task=task, description=description)


@pytest.mark.parametrize(
    ("who", "expected"),
    [("staff", 200), ("other_staff", 404), ("leader", 403), ("coordinator", 200)],
)
def test_blocker_raise_permissions(client, users, task, who, expected):
    client.force_login(users[who])
    url = reverse("tasks:blocker_raise", args=[task.pk])
    response = client.post(url, {"description": "Chưa có mặt bằng"}, headers=HTMX)
    assert response.status_code == expected
    assert Blocker.objects.exists() == (expected == 200)


def test_raised_blocker_shows_in_the_task_partial(client, staff, task):
    client.force_login(staff)
    url = reverse("tasks:blocker_raise", args=[task.pk])
    response = client.post(url, {"description": "Chưa có mặt bằng"}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="task-main"')
    assert 'data-blocker="open"' in html
    assert "Chưa có mặt bằng" in html


def test_blocker_without_a_description_shows_the_error(client, staff, task):
    client.force_login(staff)
    url = reverse("tasks:blocker_raise", args=[task.pk])
    response = client.post(url, {"description": ""}, headers=HTMX)
    assert 'data-error-for="description"' in response.content.decode()
    assert not Blocker.objects.exists()


def test_task_header_counts_the_open_blockers(client, staff, task):
    raised(task, staff)
    raised(task, staff, "Chưa có nhân sự")
    client.force_login(staff)
    html = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert 'data-figure="open-blockers">2 vướng mắc chưa giải quyết<' in html


def test_coordinator_resolves_a_blocker_from_the_task_page(client, staff, coordinator, task):
    blocker = raised(task, staff)
    client.force_login(coordinator)
    url = reverse("tasks:blocker_resolve", args=[blocker.pk])
    data = {f"blocker-{blocker.pk}-resolution": "Đã bố trí vốn"}
    html = client.post(url, data, headers=HTMX).content.decode()
    assert 'data-blocker="resolved"' in html
    assert "Đã bố trí vốn" in html


def test_resolving_without_saying_how_shows_the_error_on_that_blocker(
    client, staff, coordinator, task
):
    blocker = raised(task, staff)
    client.force_login(coordinator)
    url = reverse("tasks:blocker_resolve", args=[blocker.pk])
    html = client.post(url, {f"blocker-{blocker.pk}-resolution": ""}, headers=HTMX)
    assert 'data-error-for="resolution"' in html.content.decode()
    assert Blocker.objects.get().is_open


@pytest.mark.parametrize(("who", "expected"), [("other_staff", 404), ("leader", 403)])
def test_blocker_resolve_permissions(client, users, task, who, expected):
    blocker = raised(task, users["staff"])
    client.force_login(users[who])
    url = reverse("tasks:blocker_resolve", args=[blocker.pk])
    response = client.post(url, {f"blocker-{blocker.pk}-resolution": "x"}, headers=HTMX)
    assert response.status_code == expected
    assert Blocker.objects.get().is_open


def test_open_blockers_are_listed_before_resolved_ones(client, staff, coordinator, task):
    old = raised(task, staff, "Vướng mắc cũ")
    blocker_resolve(user=coordinator, blocker=raised(task, staff, "Đã xong"), resolution="Ok")
    client.force_login(staff)
    html = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert html.index(old.description) < html.index("Đã xong")
