"""Writes of reports: the daily snapshot and the weekly digest. Figures come from
reports.counting only, so they match the dashboards."""

from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from reports.counting import TaskCounts, task_counts_by
from reports.formatting import format_date, format_number, report_sentence
from reports.models import DailySnapshot
from resolutions.models import Membership
from resolutions.selectors import active_documents
from tasks.models import Task
from tasks.notifications import Message, composed, members, notify
from tasks.selectors import tasks_visible_to


def _snapshot(day: date, document_id: int, unit_id: int | None, counts: TaskCounts):
    return DailySnapshot(
        day=day,
        document_id=document_id,
        unit_id=unit_id,
        total=counts.total,
        completed=counts.completed,
        overdue=counts.overdue,
        not_started=counts.not_started,
    )


@transaction.atomic
def daily_snapshot_record(*, day: date) -> int:
    """Store the counts of `day` per document and per (document, lead unit), replacing any
    stored for that day: running it again gives the same rows. Two counting queries.
    Returns the number of rows stored."""
    tasks = Task.objects.all()
    by_document = task_counts_by(tasks, key="document", as_of=day)
    by_unit = task_counts_by(tasks, key=("document", "lead_unit"), as_of=day)
    rows = [_snapshot(day, document, None, counts) for document, counts in by_document.items()]
    rows += [_snapshot(day, document, unit, counts) for (document, unit), counts in by_unit.items()]
    DailySnapshot.objects.filter(day=day).delete()
    DailySnapshot.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _signed(value: int) -> str:
    return f"+{format_number(value)}" if value > 0 else format_number(value)


@transaction.atomic
def weekly_digest_send(*, today: date) -> int:
    """Tell every leader, once per ISO week, where each active document of their tree
    stands on `today` (the tasks they may see), what changed since a week before, and which
    tasks became overdue during the week. Returns the number of notifications offered."""
    return sum(_digest_send(leader, today=today) for leader in members(Membership.Role.LEADER))


def _digest_send(leader, *, today: date) -> int:
    tasks = tasks_visible_to(leader)
    week_ago = today - timedelta(days=7)
    now = task_counts_by(tasks, key="document", as_of=today)
    before = task_counts_by(tasks, key="document", as_of=week_ago)
    newly_overdue: dict[int, list[tuple[str, str, date]]] = {}
    for document_id, *task in (
        tasks.filter(overdue_since__gt=week_ago, overdue_since__lte=today)
        .order_by("deadline", "pk")
        .values_list("document", "title", "lead_unit__name", "deadline")
    ):
        newly_overdue.setdefault(document_id, []).append(tuple(task))  # type: ignore[arg-type]

    def section(document) -> str:
        counts, earlier = now[document.pk], before.get(document.pk, TaskCounts())
        lines = [
            f"{document.label} — {document.title}",
            report_sentence(counts),
            _("This week: %(completed)s completed, %(overdue)s overdue.")
            % {
                "completed": _signed(counts.completed - earlier.completed),
                "overdue": _signed(counts.overdue - earlier.overdue),
            },
        ]
        if document.pk in newly_overdue:
            lines.append(_("Newly overdue:"))
            lines += [
                _("- %(task)s (%(unit)s, deadline %(deadline)s)")
                % {"task": title, "unit": unit, "deadline": format_date(deadline)}
                for title, unit, deadline in newly_overdue[document.pk]
            ]
        return "\n".join(lines)

    def build():
        year, week, _day = today.isocalendar()
        sections = [section(d) for d in active_documents(leader) if d.pk in now]
        return Message(
            kind="weekly_digest",
            key=f"digest:{year}-W{week:02d}",
            subject=_("Weekly digest, %(day)s") % {"day": format_date(today)},
            body="\n\n".join(sections) or _("No tasks are being tracked."),
            url="/",
        )

    return notify([(composed(build), [leader])])
