"""The in-app notification list, its unread badge and marking read (HTMX partials)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from tasks.models import Notification
from tasks.notifications import notification_mark_read, notifications_mark_all_read

PAGE = "tasks/notifications.html"
SHOWN = 50
CHANGED = "notifications-changed"  # the nav badge listens for it


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's latest notifications, unread first marked."""
    notifications = request.user.notifications.all()[:SHOWN]  # type: ignore[union-attr]
    return render(request, PAGE, {"notifications": notifications})


@login_required
def notification_badge(request: HttpRequest) -> HttpResponse:
    """The unread count for the nav; polled by HTMX and refreshed on `notifications-changed`."""
    unread = request.user.notifications.filter(read_at__isnull=True).count()  # type: ignore[union-attr]
    return render(request, f"{PAGE}#unread-badge", {"unread": unread})


@require_POST
@login_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, recipient_id=request.user.pk)
    notification_mark_read(user=request.user, notification=notification)
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect("notifications")
    response = render(request, f"{PAGE}#notification-item", {"notification": notification})
    return trigger_client_event(response, CHANGED)


@require_POST
@login_required
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    notifications_mark_all_read(user=request.user)
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect("notifications")
    notifications = request.user.notifications.all()[:SHOWN]  # type: ignore[union-attr]
    response = render(request, f"{PAGE}#notification-list", {"notifications": notifications})
    return trigger_client_event(response, CHANGED)
