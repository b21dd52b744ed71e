"""A write sent twice with the same idempotency key is recorded once (issue 19): a retry on a
weak signal, or a report queued on a phone and sent again."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resolutions.models import Membership
from tasks.models import Blocker, Extension, IdempotencyKey, Task, TaskChange
from tasks.services import blocker_raise, extension_request, task_report_progress
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def report(user, task, key, *, percent=40, version=None):
    return task_report_progress(
        user=user,
        task=task,
        status="in_progress",
        percent=percent,
        note="Đã họp triển khai",
        expected_version=version,
        idempotency_key=key,
    )


def test_same_key_twice_records_the_progress_report_once(staff, task):
    report(staff, task, "k-1")
    again = report(staff, task, "k-1")
    assert again.version == 2
    assert TaskChange.objects.filter(task=task, field="percent").count() == 1


def test_replay_after_the_report_landed_is_not_refused_as_stale(staff, task):
    report(staff, task, "k-1", version=1)
    again = report(staff, task, "k-1", version=1)
    assert (again.percent, again.version) == (40, 2)


def test_a_report_refused_as_stale_leaves_its_key_free_to_send_again(staff, coordinator, task):
    report(coordinator, task, "", percent=70)
    with pytest.raises(ValidationError):
        report(staff, task, "k-1", percent=30, version=1)
    report(staff, task, "k-1", percent=30, version=2)
    assert Task.objects.get(pk=task.pk).percent == 30


def test_the_same_key_from_another_user_is_another_report(staff, unit, task):
    colleague = UserFactory(username="clerk2", role=Membership.Role.STAFF, role__unit=unit)
    report(staff, task, "k-1", percent=40)
    report(colleague, task, "k-1", percent=55)
    assert TaskChange.objects.filter(task=task, field="percent").count() == 2


def test_without_a_key_each_report_is_recorded(staff, task):
    report(staff, task, "", percent=40)
    report(staff, task, "", percent=41)
    assert TaskChange.objects.filter(task=task, field="percent").count() == 2


def test_same_key_twice_raises_the_blocker_once(staff, task):
    first = blocker_raise(user=staff, task=task, description="Thiếu kinh phí", idempotency_key="b")
    again = blocker_raise(user=staff, task=task, description="Thiếu kinh phí", idempotency_key="b")
    assert again.pk == first.pk
    assert Blocker.objects.filter(task=task).count() == 1


def test_same_key_twice_requests_the_extension_once(staff, task):
    ask = {"user": staff, "task": task, "requested_deadline": date(2026, 3, 31), "reason": "Chờ"}
    first = extension_request(**ask, idempotency_key="e")
    # Without the key the second would be refused: one pending request per task.
    again = extension_request(**ask, idempotency_key="e")
    assert again.pk == first.pk
    assert Extension.objects.filter(task=task).count() == 1


def test_a_key_used_for_a_report_is_refused_for_a_blocker(staff, task):
    report(staff, task, "k-1")
    with pytest.raises(ValidationError):
        blocker_raise(user=staff, task=task, description="Thiếu", idempotency_key="k-1")
    assert not Blocker.objects.exists()


def test_a_key_longer_than_stored_is_refused(staff, task):
    with pytest.raises(ValidationError):
        report(staff, task, "k" * 101)
    assert TaskChange.objects.filter(task=task, field="percent").count() == 0


def test_a_key_adds_a_fixed_number_of_queries_to_the_report(staff, task):
    report(staff, task, "", percent=30)  # started: the next two change the percent alone
    with CaptureQueriesContext(connection) as plain:
        report(staff, task, "", percent=50)
    with CaptureQueriesContext(connection) as keyed:
        report(staff, task, "k-2", percent=60)
    # the claim, in the write's transaction, naming the task it stands for (issue 17)
    assert len(keyed) - len(plain) == 1


def test_a_key_adds_two_queries_to_a_write_whose_result_is_a_new_row(staff, task):
    blocker_raise(user=staff, task=task, description="Chưa có hướng dẫn")  # the first differs
    with CaptureQueriesContext(connection) as plain:
        blocker_raise(user=staff, task=task, description="Thiếu kinh phí")
    with CaptureQueriesContext(connection) as keyed:
        blocker_raise(user=staff, task=task, description="Thiếu máy chủ", idempotency_key="b-1")
    assert len(keyed) - len(plain) == 2  # the claim, then the blocker it stands for
    assert IdempotencyKey.objects.get(key="b-1").result_id == Blocker.objects.latest("pk").pk


def test_a_replay_reads_without_writing(staff, task, django_assert_max_num_queries):
    report(staff, task, "k-1")
    with django_assert_max_num_queries(8):
        report(staff, task, "k-1")
    assert IdempotencyKey.objects.get().result_id == task.pk


def progress_form(task: Task, key: str) -> dict:
    return {
        "status": "in_progress",
        "percent": 45,
        "note": "",
        "expected_version": task.version,
        "idempotency_key": key,
    }


def test_the_progress_form_posted_twice_is_recorded_once(client, staff, task):
    client.force_login(staff)
    url = reverse("tasks:progress", args=[task.pk])
    client.post(url, progress_form(task, "form-1"), headers=HTMX)
    response = client.post(url, progress_form(task, "form-1"), headers=HTMX)
    assert 'data-testid="stale"' not in response.content.decode()
    assert TaskChange.objects.filter(task=task, field="percent").count() == 1


def test_the_idempotency_key_header_stands_for_the_form_key(client, staff, task):
    client.force_login(staff)
    url = reverse("tasks:progress", args=[task.pk])
    header = {**HTMX, "Idempotency-Key": "queued-1"}
    client.post(url, progress_form(task, "a"), headers=header)
    client.post(url, progress_form(task, "b"), headers=header)
    assert TaskChange.objects.filter(task=task, field="percent").count() == 1


def test_the_task_page_gives_each_write_form_its_own_key(client, staff, task):
    client.force_login(staff)
    html = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert html.count('name="idempotency_key"') == 3


def test_the_blocker_form_posted_twice_raises_it_once(client, staff, task):
    client.force_login(staff)
    url = reverse("tasks:blocker_raise", args=[task.pk])
    data = {"description": "Thiếu kinh phí", "idempotency_key": "blk-1"}
    client.post(url, data, headers=HTMX)
    client.post(url, data, headers=HTMX)
    assert Blocker.objects.filter(task=task).count() == 1


def test_the_extension_form_posted_twice_asks_once(client, staff, task):
    client.force_login(staff)
    url = reverse("tasks:extension_request", args=[task.pk])
    data = {"requested_deadline": "2026-03-31", "reason": "Chờ kinh phí", "idempotency_key": "x"}
    client.post(url, data, headers=HTMX)
    response = client.post(url, data, headers=HTMX)
    assert "already has an extension request" not in response.content.decode()
    assert Extension.objects.filter(task=task).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite writes one at a time")
@pytest.mark.django_db(transaction=True)
def test_two_requests_with_one_key_at_the_same_time_record_once(staff, task):
    start = threading.Barrier(2)
    results, errors = [], []

    def send():
        try:
            start.wait()
            results.append(report(staff, task, "same-key", version=1).version)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results == [2, 2]
    assert TaskChange.objects.filter(task=task, field="percent").count() == 1
