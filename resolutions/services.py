"""Writes on units and documents."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from resolutions.models import Document, Unit
from resolutions.selectors import User, can_manage


def require_manager(user: User) -> None:
    """PermissionDenied unless `user` is a coordinator or administrator."""
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
    require_manager(user)
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
    require_manager(user)
    document = Document(
        code=code, issued_on=issued_on, title=title.strip(), parent=parent, horizon=horizon
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def document_update(
    *,
    user: User,
    document: Document,
    code: str,
    issued_on: date,
    title: str,
    parent: Document | None = None,
    horizon: date | None = None,
    is_active: bool = True,
) -> Document:
    """Correct a document's code, dates or title; the code is parsed as on creation."""
    require_manager(user)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if parent and (parent.pk == document.pk or parent.parent_id == document.pk):
        raise ValidationError({"parent": _("A document cannot implement itself.")})
    document.code, document.issued_on, document.title = code, issued_on, title.strip()
    document.parent, document.horizon, document.is_active = parent, horizon, is_active
    document.full_clean()
    document.save()
    return document
