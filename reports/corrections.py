"""Past figures that were corrected: the dashboard of a past day compares its figures,
rebuilt now, with those the nightly `DailySnapshot` recorded for that day. They differ only
when something was recorded as effective on or before the day after it was counted (a
sent-back completion, a coordinator's back-dated correction), and the page says so."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.counting import TaskCounts
from reports.models import DailySnapshot
from resolutions.models import Document

# The figures a snapshot keeps, with the words the notice uses for each.
SNAPSHOT_FIGURES = {
    "total": _("assigned"),
    "completed": _("completed"),
    "overdue": _("overdue"),
    "not_started": _("not started"),
}


@dataclass(frozen=True)
class FigureChange:
    label: str
    recorded: int
    now: int

    @property
    def difference(self) -> int:
        return self.now - self.recorded


@dataclass(frozen=True)
class Correction:
    """The figures of `day` as the snapshot recorded them and as they are rebuilt now."""

    day: date
    changes: list[FigureChange]


def snapshot_correction(
    document: Document, counts: TaskCounts, *, as_of: date
) -> Correction | None:
    """How the whole-document `counts` of a past day `as_of` differ from that day's
    snapshot; None for today, without a snapshot, or when nothing differs. One query."""
    if as_of >= timezone.localdate():
        return None
    snapshot = DailySnapshot.objects.filter(day=as_of, document=document, unit=None).first()
    if snapshot is None:
        return None
    changes = [
        FigureChange(str(label), getattr(snapshot, name), getattr(counts, name))
        for name, label in SNAPSHOT_FIGURES.items()
        if getattr(snapshot, name) != getattr(counts, name)
    ]
    return Correction(as_of, changes) if changes else None
