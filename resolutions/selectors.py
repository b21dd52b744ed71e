"""Reads about units, documents and who a user is."""

from django.contrib.auth.models import User as AuthUser
from django.db.models import QuerySet

from resolutions.models import Document, Unit

# Who a user is and what they reach lives in resolutions.permissions; these names are
# read from here by many modules.
from resolutions.permissions import (  # noqa: F401
    Role,
    User,
    can_manage,
    documents_visible_to,
    role_of,
    sees_every_unit,
    unit_of,
)


def recorded_user(user: User) -> AuthUser | None:
    """The user to store as the author of a change; None for the anonymous."""
    return user if user.is_authenticated else None


def active_documents(user: User) -> QuerySet[Document]:
    """The active documents `user` sees, newest first."""
    return documents_visible_to(user).filter(is_active=True).order_by("-issued_on", "code")


def subunits_of(unit: Unit) -> QuerySet[Unit]:
    """The unit and every unit below it."""
    return Unit.objects.filter(path__startswith=unit.path)
