"""The audit trail: a row for each kind of event, whichever door, and no way to change one."""

from datetime import date

import pytest
from rest_framework.authtoken.models import Token

from accounts import services
from accounts.models import AuditEvent
from resolutions.models import Membership
from tests.accounts.conftest import login, token
from tests.factories import TaskFactory, UnitFactory

Action = AuditEvent.Action


def last(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("id")


def test_a_sign_in_is_recorded_with_who_and_the_address(client, today, leader):
    login(client, "boss", address="10.1.2.3")
    event = last(Action.LOGIN)
    assert (event.actor, event.address) == (leader, "10.1.2.3")


def test_a_failed_sign_in_is_recorded_with_the_name_typed(client, today, leader):
    login(client, "boss", "wrong", address="10.1.2.3")
    event = last(Action.LOGIN_FAILED)
    assert (event.actor_name, event.address, event.actor) == ("boss", "10.1.2.3", None)


def test_a_sign_out_is_recorded(client, today, leader):
    login(client, "boss")
    client.post("/logout/")
    assert last(Action.LOGOUT).actor == leader


def test_a_lockout_is_recorded(client, today, leader):
    for _ in range(10):
        login(client, "boss", "wrong")
    assert last(Action.LOCKOUT).actor_name == "boss"


def test_a_token_issued_is_recorded(api, today, leader):
    token(api, "boss")
    assert last(Action.TOKEN_ISSUED).object_id == str(leader.pk)


def test_a_token_revoked_is_recorded(api, today, leader):
    token(api, "boss")
    Token.objects.get(user=leader).delete()
    assert last(Action.TOKEN_REVOKED).object_id == str(leader.pk)


def test_a_password_change_is_recorded(client, today, staff):
    client.force_login(staff)
    new = "Chuyen-doi-so-2030"
    client.post(
        "/accounts/password_change/",
        {"old_password": "demo", "new_password1": new, "new_password2": new},
    )
    event = last(Action.PASSWORD_CHANGED)
    assert (event.actor, event.object_id, event.summary) == (
        staff,
        str(staff.pk),
        "người dùng tự đổi",
    )


def test_a_password_set_by_a_coordinator_names_the_coordinator(coordinator, staff, unit):
    Membership.objects.filter(user=coordinator).update(unit=unit)
    services.user_set_password(actor=coordinator, user=staff, password="Mat-khau-moi-2025")
    assert str(coordinator) in last(Action.PASSWORD_CHANGED).summary


def test_a_web_write_is_recorded_with_before_and_after(client, today, staff, unit):
    task = TaskFactory(lead_unit=unit)
    client.force_login(staff)
    client.post(
        f"/tasks/{task.pk}/progress/",
        {"status": "in_progress", "percent": 40, "note": "", "expected_version": task.version},
        REMOTE_ADDR="10.7.7.7",
    )
    event = AuditEvent.objects.filter(object_type="tasks.Task", action=Action.CHANGED).latest("id")
    assert (event.actor, event.address) == (staff, "10.7.7.7")
    assert "status: not_started → in_progress" in event.summary
    assert "percent: 0 → 40" in event.summary


def test_an_api_write_is_recorded_with_the_token_user(api, today, coordinator):
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=coordinator)}")
    api.post("/api/v1/units/", {"code": "DN-STC", "name": "Sở Tài chính", "kind": "department"})
    event = AuditEvent.objects.get(object_type="resolutions.Unit", action=Action.CREATED)
    assert event.actor == coordinator and "Sở Tài chính" in event.summary


def test_an_admin_write_is_recorded(client, administrator, unit):
    client.force_login(administrator)
    client.post(
        f"/admin/resolutions/unit/{unit.pk}/change/",
        {"code": unit.code, "name": "Sở KH&CN", "short_name": "", "kind": unit.kind},
    )
    event = AuditEvent.objects.filter(object_type="resolutions.Unit").latest("id")
    assert event.actor == administrator
    assert "name: Sở Khoa học và Công nghệ → Sở KH&CN" in event.summary


def test_a_deletion_is_recorded_with_what_was_deleted(db):
    unit = UnitFactory(code="DN-XOA", name="Đơn vị tạm")
    unit.delete()
    assert "Đơn vị tạm" in last(Action.DELETED).summary


def test_a_background_job_is_recorded_with_its_name_and_no_user(today, unit):
    from tasks.tasks import sweep_overdue

    TaskFactory(lead_unit=unit, deadline=date(2025, 9, 1))
    sweep_overdue.delay()
    event = last(Action.JOB)
    assert (event.actor, event.actor_name) == (None, "tasks.tasks.sweep_overdue")


def test_writes_inside_a_job_carry_the_job_name(db):
    from accounts import audit

    with audit.job_context("reports.tasks.record_daily_snapshot"):
        UnitFactory(code="DN-JOB")
    event = AuditEvent.objects.get(object_type="resolutions.Unit", action=Action.CREATED)
    assert (event.actor, event.actor_name) == (None, "reports.tasks.record_daily_snapshot")


def test_membership_changes_are_recorded(administrator, staff, unit, other_unit):
    from accounts.memberships import MembershipSpec

    services.user_update(
        actor=administrator,
        user=staff,
        memberships=[MembershipSpec(unit=other_unit, role=Membership.Role.STAFF)],
    )
    event = AuditEvent.objects.filter(object_type="resolutions.Membership").latest("id")
    assert event.actor == administrator
    assert f"unit_id: {unit.pk} → {other_unit.pk}" in event.summary


def test_reading_a_person_through_the_api_is_recorded(api, administrator, staff):
    api.force_authenticate(administrator)
    api.get(f"/api/v1/users/{staff.pk}/")
    event = last(Action.READ_PERSONAL)
    assert (event.actor, event.object_id) == (administrator, str(staff.pk))


def test_listing_people_through_the_api_is_recorded(api, administrator, staff):
    api.force_authenticate(administrator)
    api.get("/api/v1/users/")
    event = last(Action.READ_PERSONAL)
    assert event.actor == administrator and str(staff.pk) in event.summary


def test_an_event_cannot_be_saved_again(db):
    event = AuditEvent.objects.create(action=Action.LOGIN, actor_name="x")
    event.summary = "changed"
    with pytest.raises(PermissionError):
        event.save()


def test_an_event_cannot_be_deleted(db):
    event = AuditEvent.objects.create(action=Action.LOGIN, actor_name="x")
    with pytest.raises(PermissionError):
        event.delete()


def test_events_cannot_be_updated_or_deleted_in_bulk(db):
    AuditEvent.objects.create(action=Action.LOGIN, actor_name="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(summary="changed")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_the_admin_neither_changes_nor_deletes_an_event(client, administrator):
    event = AuditEvent.objects.create(action=Action.LOGIN, actor_name="x", summary="as is")
    client.force_login(administrator)
    client.post(f"/admin/accounts/auditevent/{event.pk}/change/", {"summary": "changed"})
    client.post(f"/admin/accounts/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert AuditEvent.objects.get(pk=event.pk).summary == "as is"


def test_the_purge_removes_only_events_past_retention(settings, db):
    import time_machine

    settings.AUDIT_RETENTION_DAYS = 30
    with time_machine.travel("2025-08-01 10:00 +07:00", tick=False):
        AuditEvent.objects.create(action=Action.LOGIN, actor_name="old")
    with time_machine.travel("2025-09-20 10:00 +07:00", tick=False):
        AuditEvent.objects.create(action=Action.LOGIN, actor_name="recent")
    with time_machine.travel("2025-09-30 10:00 +07:00", tick=False):
        assert services.audit_trail_purge() == 1
    names = set(AuditEvent.objects.values_list("actor_name", flat=True))
    assert "old" not in names and "recent" in names


def test_the_purge_job_is_scheduled_once_daily(db):
    from importlib import import_module

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    schedule = import_module("accounts.migrations.0002_i12_purge_schedule")
    schedule.add_schedule(apps, None)
    schedule.add_schedule(apps, None)
    (job,) = PeriodicTask.objects.filter(task="accounts.tasks.purge_audit_trail")
    assert (job.crontab.hour, job.crontab.minute) == ("1", "45")


def test_deleting_a_user_keeps_their_events_as_they_were(client, today, leader):
    login(client, "boss")
    event = last(Action.LOGIN)
    leader.delete()
    kept = AuditEvent.objects.select_related("actor").get(pk=event.pk)
    assert (kept.actor, kept.actor_name) == (None, "boss")
