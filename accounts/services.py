"""Writes on accounts: people created, changed and given roles by those who manage them;
what follows a password being set; the state a new session starts with."""

import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User as AuthUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.memberships import MembershipSpec, memberships_replace, require_membership_count
from accounts.models import Account, AuditEvent
from accounts.permissions import (
    require_assign,
    require_manage_people,
    require_manage_user,
)
from resolutions.selectors import User

# Session keys: when the user was last active (seconds since the epoch), and whether they
# must change their password before anything else.
LAST_ACTIVITY = "accounts_last_activity"
MUST_CHANGE_PASSWORD = "accounts_must_change_password"
# seed_demo gives its logins addresses under this reserved domain (RFC 2606).
DEMO_EMAIL_DOMAIN = "@demo.invalid"


def must_change_password(user: AuthUser) -> bool:
    """True when someone else set the user's password and the user has not changed it since;
    the demo logins are exempt where demo data is allowed."""
    if settings.DEMO_DATA_ALLOWED and user.email.endswith(DEMO_EMAIL_DOMAIN):
        return False
    return Account.objects.filter(user=user, must_change_password=True).exists()


def session_started(*, request: HttpRequest, user: AuthUser) -> None:
    """A new session starts active now, and knows whether a password change comes first."""
    request.session[LAST_ACTIVITY] = time.time()
    request.session[MUST_CHANGE_PASSWORD] = must_change_password(user)


def password_was_set(*, user: AuthUser, by: Any) -> None:
    """After any door set `user`'s password (their own change, a reset link, an administrator
    or coordinator): a password someone else set must be changed at the next sign-in; the
    user's API tokens stop working. Their other sessions end by themselves: Django checks
    each session against the password hash."""
    from rest_framework.authtoken.models import Token

    set_by_other = by is not None and by.pk != user.pk
    Account.objects.update_or_create(
        user=user,
        defaults={"must_change_password": set_by_other, "password_changed_at": timezone.now()},
    )
    for token in Token.objects.filter(user=user):
        token.delete()
    audit.record(
        action=audit.Action.PASSWORD_CHANGED,
        obj=user,
        summary=_("set by %(who)s") % {"who": by} if set_by_other else _("by the user"),
    )


def _check_memberships(actor: User, memberships: list[MembershipSpec]) -> None:
    require_membership_count(memberships)
    if not memberships and not getattr(actor, "is_superuser", False):
        raise ValidationError({"memberships": _("Give the person a role at a unit.")})
    for membership in memberships:
        require_assign(actor, membership)


@transaction.atomic
def user_create(*, actor: User, memberships: list[MembershipSpec], **fields: Any) -> AuthUser:
    """A new account with its roles. With a password (validated by the policy), the person
    must change it at the first sign-in; without, they set one through the reset e-mail."""
    with audit.acting_as(actor):
        return _user_create(actor=actor, memberships=memberships, **fields)


def _user_create(
    *,
    actor: User,
    username: str,
    memberships: list[MembershipSpec],
    full_name: str = "",
    email: str = "",
    password: str | None = None,
    is_active: bool = True,
) -> AuthUser:
    require_manage_people(actor)
    _check_memberships(actor, memberships)
    model = get_user_model()
    if model.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is taken.")})
    user = model(username=username, first_name=full_name, email=email, is_active=is_active)
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    memberships_replace(user=user, memberships=memberships)
    return user


@transaction.atomic
def user_update(*, actor: User, user: AuthUser, **changes: Any) -> AuthUser:
    """Change `username`, `full_name`, `email`, `is_active` and/or `memberships` (replaced
    as a whole) of a person the actor manages, to what the actor may give."""
    with audit.acting_as(actor):
        return _user_update(actor=actor, user=user, **changes)


def _user_update(*, actor: User, user: AuthUser, **changes: Any) -> AuthUser:
    require_manage_user(actor, user)
    if actor.pk == user.pk and changes.get("is_active") is False:
        raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
    memberships = changes.pop("memberships", None)
    if memberships is not None:
        _check_memberships(actor, memberships)
    username = changes.get("username")
    model = get_user_model()
    if username and model.objects.filter(username__iexact=username).exclude(pk=user.pk).exists():
        raise ValidationError({"username": _("This user name is taken.")})
    if "full_name" in changes:
        user.first_name = changes.pop("full_name")
    for field in ("username", "email", "is_active"):
        if field in changes:
            setattr(user, field, changes[field])
    user.save()
    if memberships is not None:
        memberships_replace(user=user, memberships=memberships)
    return user


@transaction.atomic
def user_set_password(*, actor: User, user: AuthUser, password: str) -> None:
    """An administrator or coordinator sets the password of a person they manage; that
    person must change it at the next sign-in."""
    require_manage_user(actor, user)
    validate_password(password, user)
    user.set_password(password)
    with audit.acting_as(actor):
        user.save()


def audit_trail_purge() -> int:
    """Remove the audit events older than the retention period (AUDIT_RETENTION_DAYS); the
    purge itself is recorded, so a gap in the trail always says why."""
    cutoff = timezone.now() - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    with transaction.atomic():
        removed = AuditEvent.objects.purge_before(cutoff)
        if removed:
            audit.record(
                action=audit.Action.DELETED,
                summary=_("%(count)s audit events before %(day)s removed (retention)")
                % {"count": removed, "day": formats.date_format(timezone.localtime(cutoff))},
            )
    return removed
