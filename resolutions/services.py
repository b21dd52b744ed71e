"""Writes on units and documents."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from resolutions.codes import parse_document_code
from resolutions.dates import check_in_range, check_not_future
from resolutions.models import Document, Unit
from resolutions.permissions import (
    User,
    can_manage,
    require_coordinate,
    require_manage_document,
)


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
    """Create a unit under `parent`, a unit of the coordinator's tree (a top-level unit:
    a role at the root); the code is unique."""
    require_coordinate(user, parent)
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


def _check_document(
    code: str, issued_on: date, horizon: date | None, *, confirmed: bool, own: Document | None
) -> None:
    """The rules of every document write: issued no later than today, a horizon after the
    issue date, dates between 2000 and 2100; a code already used (numbers restart each
    term) only once the coordinator confirms it, and never twice on one issue date."""
    check_not_future(issued_on=issued_on)
    check_in_range(horizon=horizon)
    if horizon is not None and horizon <= issued_on:
        raise ValidationError({"horizon": _("The horizon must be after the issue date.")})
    try:
        normalised = str(parse_document_code(code))
    except ValidationError as error:
        raise ValidationError({"code": error}) from error
    # a document keeping its code is not asked again
    confirmed = confirmed or (own is not None and own.code == normalised)
    others = Document.objects.exclude(pk=own.pk) if own else Document.objects.all()
    same_code = others.filter(code=normalised).order_by("issued_on")
    for existing in same_code:
        values = {"code": existing.code, "day": existing.issued_on.strftime("%d/%m/%Y")}
        if existing.issued_on == issued_on:
            message = _("Document %(code)s issued on %(day)s already exists.")
            raise _same_code(message % values, "exists", existing)
        if not confirmed:
            message = _(
                "Document %(code)s issued on %(day)s already exists. Numbers restart "
                "each term: confirm to create another document with this code."
            )
            raise _same_code(message % values, "duplicate", existing)


def _same_code(message: str, code: str, existing: Document) -> ValidationError:
    # the refusal carries the existing document, for the form to link to it
    error = ValidationError(message, code=code, params={"existing": existing.pk})
    return ValidationError({"code": error})


def same_code_document(error: ValidationError) -> Document | None:
    """The existing document a duplicate refusal names, for the page to link to."""
    for item in error.error_dict.get("code", []) if hasattr(error, "error_dict") else []:
        if item.params and "existing" in item.params:
            return Document.objects.filter(pk=item.params["existing"]).first()
    return None


@transaction.atomic
def document_create(
    *,
    user: User,
    code: str,
    issued_on: date,
    title: str,
    parent: Document | None = None,
    horizon: date | None = None,
    confirm_duplicate: bool = False,
    issuing_unit: Unit | None = None,
) -> Document:
    """Create a document issued by `issuing_unit` (None: the central level), a unit of the
    coordinator's tree; its code is parsed and normalised (57-nq/tw → 57-NQ/TW). A code
    that another document already has needs `confirm_duplicate`."""
    require_coordinate(user, issuing_unit)
    _check_document(code, issued_on, horizon, confirmed=confirm_duplicate, own=None)
    document = Document(
        code=code,
        issued_on=issued_on,
        title=title.strip(),
        parent=parent,
        horizon=horizon,
        issuing_unit=issuing_unit,
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
    confirm_duplicate: bool = False,
    issuing_unit: Unit | None = None,
) -> Document:
    """Correct a document's code, dates or title, under the rules of `document_create`;
    the coordinators of its issuing unit do."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    require_manage_document(user, document)
    _check_document(code, issued_on, horizon, confirmed=confirm_duplicate, own=document)
    if parent and (parent.pk == document.pk or parent.parent_id == document.pk):
        raise ValidationError({"parent": _("A document cannot implement itself.")})
    document.code, document.issued_on, document.title = code, issued_on, title.strip()
    document.parent, document.horizon, document.is_active = parent, horizon, is_active
    if issuing_unit != document.issuing_unit:
        require_coordinate(user, issuing_unit)
        document.issuing_unit = issuing_unit
    document.full_clean()
    document.save()
    return document
