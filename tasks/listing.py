"""The per-row figures of task lists, read for a page's rows alone (issue 20).

A list's main query filters, orders and slices; an index serves its order, so the database
stops after the rows of the page. The figures a row shows beside its stored columns (open
blockers, the last progress report, the extensions approved by the day) are subqueries:
in the main query they would run for every row the filters keep before the LIMIT, so
`with_row_figures` reads them afterwards, for the page's ids, in one more query."""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TypeVar

from django.db.models import Max, OuterRef, Subquery

from reports.counting import extensions_approved
from tasks.models import Task, TaskChange
from tasks.selectors import open_blockers_on

# The figures `with_row_figures` sets on each task, by attribute name.
ROW_FIGURES = ("open_blockers", "last_report_on", "extensions_on")

T = TypeVar("T", bound=Task)


def last_report_on(as_of: date) -> Subquery:
    """For `annotate()` on tasks: the business day of the last progress report (status,
    percent, completion, note or evidence) on or before `as_of`; None if there was none."""
    last = (
        TaskChange.objects.filter(
            task=OuterRef("pk"), field__in=TaskChange.REPORT_FIELDS, effective_on__lte=as_of
        )
        .order_by()
        .values("task")
        .annotate(last=Max("effective_on"))
        .values("last")
    )
    return Subquery(last)


def with_row_figures(tasks: Iterable[T], *, as_of: date) -> list[T]:
    """`tasks` (a page's rows) as a list, each with `open_blockers` (open on `as_of`),
    `last_report_on` and `extensions_on` (approved by `as_of`) set: one query over the
    rows' ids, whatever their number; none for an empty page."""
    rows = list(tasks)
    if not rows:
        return rows
    figures = _figures(as_of, [task.pk for task in rows])
    for task in rows:
        for name, value in zip(ROW_FIGURES, figures[task.pk], strict=True):
            setattr(task, name, value)
    return rows


def _figures(as_of: date, ids: Sequence[int]) -> dict[int, tuple]:
    # `extensions_approved` reads `extension_count`, so the ids are read from the tasks table
    rows = (
        Task.objects.filter(pk__in=ids)
        .order_by()
        .annotate(
            open_blockers=open_blockers_on(as_of),
            last_report_on=last_report_on(as_of),
            extensions_on=extensions_approved(as_of),
        )
        .values_list("pk", *ROW_FIGURES)
    )
    return {pk: tuple(values) for pk, *values in rows}
