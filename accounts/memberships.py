"""The one place that reads and writes who holds which role at which unit.

Today a user holds at most one membership (resolutions.Membership is one-to-one with the
user); the multi-level work makes it several. Everything in accounts reads and writes
memberships through `memberships_of` and `memberships_replace`, so only this module
changes when that lands."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from resolutions.models import Membership, Unit

# A list query that names each user's memberships must select this, so that
# memberships_of() reads no further row.
MEMBERSHIPS_RELATED = "membership__unit"
MAX_MEMBERSHIPS = 1


@dataclass(frozen=True)
class MembershipSpec:
    unit: Unit | None
    role: str


def memberships_of(user: User) -> list[MembershipSpec]:
    """The roles `user` holds, each at a unit (None: a role that reaches every unit)."""
    try:
        membership = user.membership  # type: ignore[attr-defined]
    except Membership.DoesNotExist:
        return []
    return [MembershipSpec(unit=membership.unit, role=membership.role)]


def users_holding(
    users: QuerySet[User], *, units: QuerySet[Unit], roles: list[str]
) -> QuerySet[User]:
    """Those of `users` who hold one of `roles` at one of `units`."""
    return users.filter(membership__unit__in=units, membership__role__in=roles)


def require_membership_count(memberships: list[MembershipSpec]) -> None:
    """ValidationError when more roles are given than a user may hold."""
    if len(memberships) > MAX_MEMBERSHIPS:
        raise ValidationError(
            {"memberships": _("A user holds one role at one unit for now; give only one.")}
        )


def memberships_replace(*, user: User, memberships: list[MembershipSpec]) -> None:
    """Make `memberships` the roles `user` holds; the caller has checked the permission
    and holds the transaction."""
    require_membership_count(memberships)
    if not memberships:
        Membership.objects.filter(user=user).delete()
        return
    (wanted,) = memberships
    current = Membership.objects.filter(user=user).first()
    if current is None:
        Membership.objects.create(user=user, unit=wanted.unit, role=wanted.role)
    elif (current.unit_id, current.role) != (getattr(wanted.unit, "pk", None), wanted.role):
        current.unit, current.role = wanted.unit, wanted.role
        current.save()
    # The user's cached reverse one-to-one would still name the old row.
    user._state.fields_cache.pop("membership", None)
