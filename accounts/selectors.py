"""Reads about accounts: whose accounts a user manages, and the audit trail."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User as AuthUser
from django.db.models import QuerySet

from accounts.memberships import MEMBERSHIPS_RELATED, users_holding
from accounts.models import AuditEvent
from accounts.permissions import ROLE_RANK, Role, units_managed_by
from resolutions.permissions import User, can_manage, role_of


def users_managed_by(actor: User) -> QuerySet[AuthUser]:
    """Every account for an administrator; for a coordinator the people holding a role no
    higher than theirs at a unit they manage (never a site administrator); none otherwise."""
    users = get_user_model().objects.prefetch_related(MEMBERSHIPS_RELATED).order_by("username")
    if role_of(actor) == Role.ADMIN:
        return users
    if not can_manage(actor):
        return users.none()
    roles = [str(r) for r, rank in ROLE_RANK.items() if rank <= ROLE_RANK[Role.COORDINATOR]]
    managed = users_holding(users, units=units_managed_by(actor), roles=roles)
    return managed.filter(is_superuser=False, is_staff=False)


def audit_events(
    *,
    actor: str = "",
    action: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[AuditEvent]:
    """The trail, newest first, filtered by who (user name as recorded), what and when."""
    events = AuditEvent.objects.select_related("actor")
    if actor:
        events = events.filter(actor_name__iexact=actor)
    if action:
        events = events.filter(action=action)
    if since is not None:
        events = events.filter(at__gte=since)
    if until is not None:
        events = events.filter(at__lt=until)
    return events.order_by("-at", "-id")
