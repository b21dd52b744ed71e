"""Delivery against a real SMTP server on loopback: an unreachable server or a "try later"
answer uses up no attempt (an outage of any length loses nothing), a message the server
refuses for good does, and a line break in a title never reaches a header."""

from datetime import date

import pytest
from django.test import override_settings

from tasks.models import Notification
from tasks.notifications import MAX_EMAIL_ATTEMPTS, DeliveryFailed, notifications_deliver_pending
from tasks.services import extension_request
from tests.servers import free_port, smtp_sink

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def _smtp_at(port: int):
    return override_settings(EMAIL_BACKEND=SMTP, EMAIL_HOST="127.0.0.1", EMAIL_PORT=port)


@pytest.fixture
def waiting(task, staff, coordinator):
    coordinator.email = "coord@example.vn"
    coordinator.save()
    extension_request(user=staff, task=task, requested_deadline=date(2026, 6, 30), reason="r")
    return Notification.objects.get()


def test_an_unreachable_mail_server_uses_up_no_attempt(waiting):
    with _smtp_at(free_port()):
        for _ in range(MAX_EMAIL_ATTEMPTS + 2):
            with pytest.raises(DeliveryFailed):
                notifications_deliver_pending()
    waiting.refresh_from_db()
    assert (waiting.attempts, waiting.emailed_at) == (0, None)


def test_a_notification_waiting_through_an_outage_is_sent_when_the_server_answers(waiting):
    with _smtp_at(free_port()), pytest.raises(DeliveryFailed):
        notifications_deliver_pending()
    with smtp_sink() as sink, _smtp_at(sink.port):
        assert notifications_deliver_pending() == 1
    assert [rcpt for rcpt, _ in sink.received] == ["coord@example.vn"]


def test_a_recipient_refused_for_good_uses_up_an_attempt(waiting):
    with (
        smtp_sink(refuse_recipients=True) as sink,
        _smtp_at(sink.port),
        pytest.raises(DeliveryFailed),
    ):
        notifications_deliver_pending()
    waiting.refresh_from_db()
    assert waiting.attempts == 1


def test_a_line_break_in_a_title_is_kept_out_of_the_subject(unit, staff, coordinator, task):
    coordinator.email = "coord@example.vn"
    coordinator.save()
    task.title = "Chuyển đổi số\r\nBcc: attacker@example.com"
    task.save()
    Notification.objects.filter(kind="task_assigned").delete()  # the fixture's assignment
    extension_request(user=staff, task=task, requested_deadline=date(2026, 6, 30), reason="r")
    with smtp_sink() as sink, _smtp_at(sink.port):
        assert notifications_deliver_pending() == 1
    [(recipient, subject)] = sink.received
    assert recipient == "coord@example.vn"
    assert "\n" not in Notification.objects.get().subject
    assert "Chuyển đổi số Bcc: attacker@example.com" in subject


def test_a_row_written_with_a_line_break_in_its_subject_is_still_delivered(waiting):
    Notification.objects.filter(pk=waiting.pk).update(subject="Gia hạn\r\nnhiệm vụ")
    with smtp_sink() as sink, _smtp_at(sink.port):
        assert notifications_deliver_pending() == 1
    assert [subject for _, subject in sink.received] == ["Gia hạn nhiệm vụ"]
