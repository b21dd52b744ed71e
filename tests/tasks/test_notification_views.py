import pytest
from django.urls import reverse
from django.utils import timezone

from tasks.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def note(user, n: int = 0, read: bool = False) -> Notification:
    return Notification.objects.create(
        recipient=user,
        kind="overdue",
        dedupe_key=f"test:{user.pk}:{n}",
        subject=f"Quá hạn: nhiệm vụ {n}",
        body="Nhiệm vụ đã quá hạn.",
        read_at=timezone.now() if read else None,
    )


def test_notifications_need_login(client):
    response = client.get(reverse("notifications"))
    assert response.status_code == 302


def test_list_shows_only_my_notifications(client, today, staff, coordinator):
    note(staff, 1)
    note(coordinator, 2)
    client.force_login(staff)
    page = client.get(reverse("notifications")).content.decode()
    assert "nhiệm vụ 1" in page and "nhiệm vụ 2" not in page


def test_badge_counts_unread_only(client, today, staff):
    note(staff, 1)
    note(staff, 2)
    note(staff, 3, read=True)
    client.force_login(staff)
    badge = client.get(reverse("notification-badge")).content.decode()
    assert 'data-testid="unread-count">2<' in badge


def test_badge_is_empty_when_all_are_read(client, today, staff):
    note(staff, 1, read=True)
    client.force_login(staff)
    assert client.get(reverse("notification-badge")).content.decode().strip() == ""


def test_nav_loads_the_badge_through_htmx(client, today, staff):
    client.force_login(staff)
    page = client.get(reverse("notifications")).content.decode()
    assert f'hx-get="{reverse("notification-badge")}"' in page


def test_marking_read_answers_the_item_and_refreshes_the_badge(client, today, staff):
    notification = note(staff)
    client.force_login(staff)
    response = client.post(
        reverse("notification-read", args=[notification.pk]), headers={"HX-Request": "true"}
    )
    assert "notifications-changed" in response["HX-Trigger"]
    assert "notification-unread" not in response.content.decode()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_marking_read_without_htmx_goes_back_to_the_list(client, today, staff):
    notification = note(staff)
    client.force_login(staff)
    response = client.post(reverse("notification-read", args=[notification.pk]))
    assert response["Location"] == reverse("notifications")


def test_nobody_marks_another_users_notification(client, today, staff, coordinator):
    notification = note(coordinator)
    client.force_login(staff)
    response = client.post(reverse("notification-read", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read(client, today, staff, coordinator):
    note(staff, 1)
    note(staff, 2)
    note(coordinator, 3)
    client.force_login(staff)
    client.post(reverse("notifications-read-all"), headers={"HX-Request": "true"})
    unread = Notification.objects.filter(read_at__isnull=True)
    assert list(unread.values_list("recipient", flat=True)) == [coordinator.pk]


@pytest.mark.parametrize("rows", [1, 30])
def test_list_runs_a_fixed_number_of_queries(client, today, rows, django_assert_num_queries):
    user = UserFactory(role="staff")
    for n in range(rows):
        note(user, n)
    client.force_login(user)
    # session, user with membership, notifications
    with django_assert_num_queries(4):
        response = client.get(reverse("notifications"))
    assert response.status_code == 200
