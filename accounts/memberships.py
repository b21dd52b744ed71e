"""The one place that reads and writes who holds which role at which unit.

A user may hold several roles, each at a unit (resolutions.Membership). Everything in
accounts reads and writes memberships through `memberships_of` and `memberships_replace`."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from resolutions.models import Membership, Unit
from resolutions.permissions import forget_roles

# A list query that names each user's memberships must prefetch this (one query, units
# joined), so that memberships_of() reads no further row.
MEMBERSHIPS_RELATED = Prefetch("memberships", Membership.objects.select_related("unit"))
MAX_MEMBERSHIPS = 10


@dataclass(frozen=True)
class MembershipSpec:
    unit: Unit | None
    role: str


def memberships_of(user: User) -> list[MembershipSpec]:
    """The roles `user` holds, each at a unit (None: a role that reaches every unit)."""
    held = user.memberships.all()  # type: ignore[attr-defined]
    return [MembershipSpec(unit=m.unit, role=m.role) for m in sorted(held, key=lambda m: m.pk)]


def users_holding(
    users: QuerySet[User], *, units: QuerySet[Unit], roles: list[str]
) -> QuerySet[User]:
    """Those of `users` who hold one of `roles` at one of `units`."""
    holding = Membership.objects.filter(unit__in=units, role__in=roles).values("user_id")
    return users.filter(pk__in=holding)


def require_membership_count(memberships: list[MembershipSpec]) -> None:
    """ValidationError when more roles are given than a user may hold, or one twice."""
    if len(memberships) > MAX_MEMBERSHIPS:
        raise ValidationError(
            {"memberships": _("A user holds at most %(count)s roles.") % {"count": MAX_MEMBERSHIPS}}
        )
    keys = [(getattr(m.unit, "pk", None), m.role) for m in memberships]
    if len(set(keys)) != len(keys):
        raise ValidationError({"memberships": _("The same role at the same unit is given twice.")})


def memberships_replace(*, user: User, memberships: list[MembershipSpec]) -> None:
    """Make `memberships` the roles `user` holds; the caller has checked the permission
    and holds the transaction. Roles kept stay as they are; others go or come."""
    require_membership_count(memberships)
    wanted = {(getattr(m.unit, "pk", None), m.role): m for m in memberships}
    current = {(m.unit_id, m.role): m for m in Membership.objects.filter(user=user)}
    gone = [m for key, m in current.items() if key not in wanted]
    new = [spec for key, spec in wanted.items() if key not in current]
    # A role moved to another unit (or changed at one) is one row changed, as the audit
    # trail reads it; the rest go or come.
    for row, spec in zip(gone, new, strict=False):
        row.unit, row.role = spec.unit, spec.role
        row.save()
    if len(gone) > len(new):
        Membership.objects.filter(pk__in=[m.pk for m in gone[len(new) :]]).delete()
    for spec in new[len(gone) :]:  # one by one: each lands in the audit trail
        Membership.objects.create(user=user, unit=spec.unit, role=spec.role)
    # The user's cached memberships and roles would still name the old rows.
    getattr(user, "_prefetched_objects_cache", {}).pop("memberships", None)
    forget_roles(user)
