"""Writes on units and documents."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from resolutions.models import Document, Unit
from resolutions.selectors import User, can_manage


def _require_manager(user: User) -> None:
    if not can_manage(user):
        raise PermissionDenied(_("Only coordinators and administrators may do this."))


@transaction.atomic
def unit_create(
    *,
    user: User,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    short_name: str = "",
) -> Unit:
    """Create a unit under `parent`; the code is unique."""
    _require_manager(user)
    unit = Unit(
        code=code.strip(),
        name=name.strip(),
        kind=kind,
        parent=parent,
        short_name=short_name.strip(),
    )
    unit.full_clean(exclude=["path"])
    unit.save()
    return unit


@transaction.atomic
def document_create(
    *,
    user: User,
    code: str,
    issued_on: date,
    title: str,
    parent: Document | None = None,
    horizon: date | None = None,
) -> Document:
    """Create a document; its code is parsed and normalised (57-nq/tw → 57-NQ/TW)."""
    _require_manager(user)
    document = Document(
        code=code, issued_on=issued_on, title=title.strip(), parent=parent, horizon=horizon
    )
    document.full_clean()
    document.save()
    return document
