"""The audit trail as an Excel workbook, written row by row (openpyxl's write-only mode),
so a long trail does not sit in memory."""

from io import BytesIO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from accounts.models import AuditEvent


def audit_workbook(events: QuerySet[AuditEvent]) -> bytes:
    """One sheet: when, who, address, action, object, summary; times in local time."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Audit trail")[:31])
    sheet.append(
        [
            _("When"),
            _("Who"),
            _("Address"),
            _("Action"),
            _("Object type"),
            _("Object"),
            _("Summary"),
        ]
    )
    labels = dict(AuditEvent.Action.choices)
    for event in events.iterator(chunk_size=2000):
        sheet.append(
            [
                timezone.localtime(event.at).replace(tzinfo=None),
                event.actor_name,
                event.address or "",
                str(labels.get(event.action, event.action)),
                event.object_type,
                event.object_repr,
                event.summary,
            ]
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()
