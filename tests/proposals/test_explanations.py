from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from proposals.explanations import (
    explanation_answer,
    explanation_reminders_send,
    explanation_request,
    open_explanations,
)
from resolutions.models import Membership
from tasks.models import Notification
from tests.factories import TargetFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue_task(unit):
    return TaskFactory(lead_unit=unit, deadline=date(2025, 9, 1))


def ask(user, **about):
    return explanation_request(
        user=user, question="Vì sao chậm tiến độ?", answer_by=date(2025, 10, 7), **about
    )


def test_a_leader_asks_the_lead_unit_to_explain_an_overdue_task(today, leader, overdue_task, unit):
    request = ask(leader, task=overdue_task)
    assert (request.unit, request.is_open, request.requested_by) == (unit, True, leader)


def test_a_coordinator_asks_about_a_red_target(today, coordinator, unit):
    target = TargetFactory(unit=unit, outlook="red")
    assert ask(coordinator, target=target).unit == unit


def test_a_task_on_time_is_not_explained(today, leader, unit):
    with pytest.raises(ValidationError) as error:
        ask(leader, task=TaskFactory(lead_unit=unit, deadline=date(2025, 12, 31)))
    assert "task" in error.value.message_dict


def test_a_target_not_at_risk_is_not_explained(today, leader, unit):
    with pytest.raises(ValidationError):
        ask(leader, target=TargetFactory(unit=unit, outlook="orange"))


def test_staff_do_not_ask(today, staff, overdue_task):
    with pytest.raises(PermissionDenied):
        ask(staff, task=overdue_task)


def test_the_units_staff_are_told(today, leader, staff, overdue_task):
    ask(leader, task=overdue_task)
    told = Notification.objects.get()
    assert (told.recipient, told.kind, told.task_id) == (
        staff,
        "explanation_asked",
        overdue_task.pk,
    )


def test_the_unit_answers_and_whoever_asked_is_told(today, leader, staff, overdue_task):
    request = explanation_answer(
        user=staff, request=ask(leader, task=overdue_task), answer="Chờ kinh phí bổ sung"
    )
    assert (request.is_open, request.answer, request.answered_by) == (
        False,
        "Chờ kinh phí bổ sung",
        staff,
    )
    assert Notification.objects.filter(recipient=leader, kind="explanation_answered").exists()


def test_staff_of_another_unit_do_not_answer(today, leader, overdue_task, other_unit):
    clerk = UserFactory(role=Membership.Role.STAFF, role__unit=other_unit)
    with pytest.raises(PermissionDenied):
        explanation_answer(user=clerk, request=ask(leader, task=overdue_task), answer="x")


def test_an_answered_request_is_not_answered_twice(today, leader, staff, overdue_task):
    request = explanation_answer(user=staff, request=ask(leader, task=overdue_task), answer="a")
    with pytest.raises(ValidationError):
        explanation_answer(user=staff, request=request, answer="b")


def test_open_requests_show_to_the_unit(today, leader, staff, overdue_task):
    request = ask(leader, task=overdue_task)
    assert list(open_explanations(staff)) == [request]


def test_open_requests_of_another_unit_do_not_show(today, leader, overdue_task, other_unit):
    ask(leader, task=overdue_task)
    clerk = UserFactory(role=Membership.Role.STAFF, role__unit=other_unit)
    assert not open_explanations(clerk).exists()


def test_a_request_due_tomorrow_is_reminded_once_a_day(today, leader, staff, overdue_task):
    explanation_request(user=leader, task=overdue_task, question="?", answer_by=date(2025, 10, 1))
    assert explanation_reminders_send(today=today) == 1
    explanation_reminders_send(today=today)
    assert Notification.objects.filter(kind="explanation_reminder").count() == 1


def test_an_answered_request_is_not_reminded(today, leader, staff, overdue_task):
    request = explanation_request(
        user=leader, task=overdue_task, question="?", answer_by=date(2025, 9, 30)
    )
    explanation_answer(user=staff, request=request, answer="Đã xong")
    assert explanation_reminders_send(today=today) == 0


def test_the_task_page_loads_its_requests_and_the_unit_answers(
    client, today, leader, staff, overdue_task
):
    request = ask(leader, task=overdue_task)
    client.force_login(staff)
    section = client.get(
        "/proposals/explanations/section/", {"task": overdue_task.pk}
    ).content.decode()
    assert "Vì sao chậm tiến độ?" in section and "explanation-answer" not in section
    answered = client.post(
        f"/proposals/explanations/{request.pk}/answer/",
        {f"a{request.pk}-answer": "Chờ kinh phí"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "Chờ kinh phí" in answered


def test_a_leader_asks_from_the_task_page(client, today, leader, overdue_task):
    client.force_login(leader)
    section = client.post(
        "/proposals/explanations/ask/",
        {"task": overdue_task.pk, "question": "Giải trình", "answer_by": "2025-10-07"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "Giải trình" in section and 'data-explanation="' in section


def test_the_section_of_a_task_out_of_sight_is_a_404(client, today, staff, other_unit):
    task = TaskFactory(lead_unit=other_unit, deadline=date(2025, 9, 1))
    client.force_login(staff)
    assert client.get("/proposals/explanations/section/", {"task": task.pk}).status_code == 404


def test_the_list_page_shows_open_requests(client, today, leader, staff, overdue_task):
    ask(leader, task=overdue_task)
    client.force_login(staff)
    assert overdue_task.title in client.get("/proposals/explanations/").content.decode()
    assert "open-explanations" in client.get("/proposals/").content.decode()
