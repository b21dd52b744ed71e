"""Idle sessions end; people are named by their full name."""

import time_machine

from tests.factories import TaskFactory


def test_a_session_idle_longer_than_the_timeout_ends(client, staff, settings):
    settings.SESSION_IDLE_TIMEOUT = 30
    with time_machine.travel("2025-09-30 10:00 +07:00", tick=False) as traveller:
        client.force_login(staff)
        assert client.get("/tasks/").status_code == 200
        traveller.shift(31 * 60)
        response = client.get("/tasks/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_a_session_in_use_stays_open_past_the_timeout(client, staff, settings):
    settings.SESSION_IDLE_TIMEOUT = 30
    with time_machine.travel("2025-09-30 10:00 +07:00", tick=False) as traveller:
        client.force_login(staff)
        for _ in range(3):
            traveller.shift(20 * 60)
            assert client.get("/tasks/").status_code == 200


def test_the_menu_names_the_user_by_full_name(client, today, staff):
    staff.first_name = "Nguyễn Văn Chuyên"
    staff.save()
    client.force_login(staff)
    page = client.get("/").content.decode()
    assert "Nguyễn Văn Chuyên" in page


def test_a_user_is_named_by_full_name_wherever_shown(staff):
    staff.first_name = "Nguyễn Văn Chuyên"
    assert str(staff) == "Nguyễn Văn Chuyên"


def test_a_user_without_a_full_name_is_named_by_user_name(staff):
    assert str(staff) == "clerk"


def test_the_menu_links_to_the_password_change(client, today, staff):
    client.force_login(staff)
    assert 'href="/accounts/password_change/"' in client.get("/").content.decode()


def test_the_task_page_names_the_requester_by_full_name(client, today, staff, unit):
    from datetime import date

    from tasks.services import extension_request

    staff.first_name = "Trần Thị Bình"
    staff.save()
    task = TaskFactory(lead_unit=unit)
    extension_request(user=staff, task=task, requested_deadline=date(2026, 6, 1), reason="x")
    client.force_login(staff)
    assert "Trần Thị Bình" in client.get(f"/tasks/{task.pk}/").content.decode()
