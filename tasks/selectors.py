"""Reads of tasks. Visibility is decided here once, for pages, API and exports alike."""

import operator
from collections.abc import Sequence
from datetime import date, timedelta
from functools import reduce

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce, Lower
from django.db.models.lookups import Contains
from django.utils import timezone

from reports.counting import RowState, in_state, state_on
from resolutions.codes import fold, search_tokens
from resolutions.models import Document
from resolutions.permissions import User, tasks_managed_by, tasks_visible_to
from tasks.models import Blocker, ChangeRequest, Evidence, Extension, Task, TaskChange

# Ongoing tasks (no deadline) come last either way, on SQLite as on PostgreSQL.
_NEAREST = F("deadline").asc(nulls_last=True)
_LATEST = F("deadline").desc(nulls_last=True)
# What needs the user first: overdue, then due soonest, ongoing after, completed and
# stopped last; the states are the rows' `state_on` (the counting module's conditions).
_ATTENTION = Case(
    When(state_on=RowState.OVERDUE, then=Value(0)),
    When(state_on=RowState.OPEN, deadline__isnull=False, then=Value(1)),
    When(state_on=RowState.OPEN, then=Value(2)),
    When(state_on=RowState.COMPLETED, then=Value(3)),
    default=Value(4),
    output_field=IntegerField(),
)
SORTS: dict[str, tuple[str | OrderBy | Case, ...]] = {
    "attention": (_ATTENTION, _NEAREST, "id"),
    "deadline": (_NEAREST, "id"),
    "-deadline": (_LATEST, "-id"),
    "title": ("title", "id"),
    "percent": ("percent", _NEAREST, "id"),
    "-percent": ("-percent", _NEAREST, "id"),
    "document": ("document__code", _NEAREST, "id"),
}


# Codes are NUMBER-TYPE/ISSUER with at most 5 digits and 6 letters a part (resolutions/codes.py).
MAX_CODE_NUMBER_DIGITS = 5
MAX_CODE_WORD_LENGTH = 6
TRIGRAM = 3


class Due:
    """The "when" filter of task lists."""

    OVERDUE = "overdue"
    WEEK = "7"
    MONTH = "30"
    ONGOING = "ongoing"


def due_within(days: int, *, as_of: date) -> Q:
    """Open tasks (counted, not completed) whose deadline in force falls within `days`
    days from `as_of`, that day included; overdue tasks are not "due within"."""
    soon = Q(deadline__gte=as_of, deadline__lte=as_of + timedelta(days=days))
    return in_state("in_progress", as_of=as_of) & soon


def _spellings(word: str) -> list[str]:
    """The upper-case spellings a folded word may have in a code: "bcd" → BCD, BCĐ…"""
    spellings = [""]
    for char in word.upper():
        spellings = [s + c for s in spellings for c in ("DĐ" if char == "D" else char)]
    return spellings


def _code_condition(word: str) -> Q | None:
    """Documents whose code has `word` as its number, type or issuer; None if none can."""
    if word.isdigit():
        return Q(number=int(word)) if len(word) <= MAX_CODE_NUMBER_DIGITS else None
    if len(word) > MAX_CODE_WORD_LENGTH:
        return None
    spellings = _spellings(word)
    return Q(doc_type__in=spellings) | Q(issuer__in=spellings)


def search_filter(text: str) -> Q:
    """Every word of `text` must be in the task's title or in its document's code,
    ignoring case and diacritics ("chuyen doi so", "nq57", "57-NQ-TW").

    Plain `contains` on the folded title key gives the same answer on SQLite and
    PostgreSQL. The documents a word names are looked up first (one query on the small
    documents table), so the task condition is `search_key LIKE … OR document_id IN (ids)`,
    which PostgreSQL answers from the trigram and document indexes."""
    words = search_tokens(text)
    conditions = {word: _code_condition(word) for word in words}
    wanted = [c for c in conditions.values() if c is not None]
    documents = (
        Document.objects.filter(reduce(operator.or_, wanted)).values_list(
            "pk", "number", "doc_type", "issuer"
        )
        if wanted
        else []
    )
    matched: dict[str, list[int]] = {word: [] for word in words}
    for pk, number, doc_type, issuer in documents:
        code_words = {str(number), fold(doc_type), fold(issuer)}
        for word in words:
            if word in code_words:
                matched[word].append(pk)
    condition = Q()
    for word in words:
        condition &= _in_title(word) | Q(document_id__in=matched[word])
    return condition


def _in_title(word: str) -> Q:
    """`word` is in the task's folded title. The trigram index cannot narrow a word shorter
    than three letters; such a word is matched on Lower() of the (already lower-case) key,
    which the planner cannot send to the index, so it filters rows the longer words found."""
    if len(word) >= TRIGRAM:
        return Q(search_key__contains=word)
    return Q(Contains(Lower("search_key"), word))


def task_list(
    *,
    user: User,
    as_of: date,
    document: Document | None = None,
    status: Sequence[str] = (),
    state: str = "",
    due: str = "",
    search: str = "",
    sort: str = "attention",
    batch: int | None = None,
) -> QuerySet[Task]:
    """The tasks `user` may see, filtered and sorted for a list page; rows carry their
    document and lead unit (one query per page, whatever its length). `state` is one of
    the counting module's states on `as_of` (overdue, completed_late…)."""
    tasks = (
        tasks_visible_to(user)
        .select_related("document", "lead_unit")
        .annotate(state_on=state_on(as_of))  # the rows' badges
    )
    if document:
        tasks = tasks.filter(document=document)
    if status:
        tasks = tasks.filter(status__in=status)
    if state:
        tasks = tasks.filter(in_state(state, as_of=as_of))
    if due == Due.OVERDUE:
        tasks = tasks.filter(in_state("overdue", as_of=as_of))
    elif due in (Due.WEEK, Due.MONTH):
        tasks = tasks.filter(due_within(int(due), as_of=as_of))
    elif due == Due.ONGOING:
        tasks = tasks.filter(deadline__isnull=True)
    if search.strip():
        tasks = tasks.filter(search_filter(search))
    if batch:
        tasks = tasks.filter(assignment_batches=batch)
    return tasks.order_by(*SORTS.get(sort, SORTS["attention"]))


# What the checks of a task (resolutions.permissions: may_manage_task reads its document's
# issuer) and its page read besides the row: read with it, never one by one.
WITH_CHECKS = ("document__issuing_unit", "lead_unit")


def task_detail(*, user: User, pk: int) -> Task:
    """One task `user` may see, with what its page shows; Task.DoesNotExist otherwise, so
    a task out of reach answers 404 and never shows its data."""
    return (
        tasks_visible_to(user)
        .select_related(*WITH_CHECKS)
        .annotate(state_on=state_on(timezone.localdate()))
        .prefetch_related(*_page_relations())
        .get(pk=pk)
    )


def _history() -> Prefetch:
    return Prefetch("changes", TaskChange.objects.select_related("changed_by"))


def _evidence() -> Prefetch:
    return Prefetch("evidence", Evidence.objects.select_related("uploaded_by"))


def _page_relations() -> tuple[str | Prefetch, ...]:
    return (
        "supporting_units",
        _history(),
        Prefetch("extensions", Extension.objects.select_related("requested_by", "decided_by")),
        _evidence(),
        Prefetch("blockers", Blocker.objects.select_related("raised_by", "resolved_by")),
        Prefetch(
            "change_requests",
            ChangeRequest.objects.select_related("requested_by", "decided_by"),
        ),
    )


def task_to_change(*, user: User, pk: int) -> Task:
    """One task `user` may see, with what its checks read only: what a write needs before
    its service locks the row (Task.DoesNotExist otherwise, as `task_detail`)."""
    return tasks_visible_to(user).select_related(*WITH_CHECKS).get(pk=pk)


def with_page_relations(task: Task) -> Task:
    """`task` (e.g. the row a service returns) with what its page shows besides the row,
    read as `task_detail` reads it, and its state today from the counting module's one
    predicate (a single computed column): the page is rendered without reading the row
    again."""
    prefetch_related_objects([task], *_page_relations())
    states = Task.objects.filter(pk=task.pk).annotate(state_on=state_on(timezone.localdate()))
    task.state_on = states.values_list("state_on", flat=True).get()  # type: ignore[attr-defined]
    return task


def with_report_relations(task: Task, *, evidence: bool, history: bool = True) -> Task:
    """`task` (the row a progress report returns) with what a report that keeps it open
    changes on its page besides the row: its history (unless the page is only to add
    the report's own entries) and, when a file came with the report, its evidence files,
    read as `task_detail` reads them (one query each). The rest of the page (supporting
    units, extensions, blockers, change requests, sub-tasks, the state today) no such
    report changes, so it is not read (issue 17)."""
    lists = [*([_history()] if history else []), *([_evidence()] if evidence else [])]
    prefetch_related_objects([task], *lists)
    return task


def newest_first(changes: list[TaskChange]) -> list[TaskChange]:
    """History entries in the order the history shows them (TaskChange.Meta.ordering)."""
    return sorted(changes, key=lambda change: (change.changed_at, change.pk), reverse=True)


def open_blockers_on(as_of: date) -> Coalesce:
    """For `annotate()` on tasks: how many blockers of each task were open on `as_of`
    (raised by then, not resolved by then). A subquery, so it joins nothing to the rows."""
    open_ = (
        Blocker.objects.filter(task=OuterRef("pk"), raised_on__lte=as_of)
        .filter(Q(resolved_on__isnull=True) | Q(resolved_on__gt=as_of))
        .order_by()
        .values("task")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(open_), 0)


def _of_visible_tasks(rows: QuerySet, user: User) -> QuerySet:
    """`rows` (of a model with a `task`) narrowed to the tasks `user` may see. When the user
    sees every task the rows are not narrowed: `task IN (every task)` would make the
    database read the whole tasks table to list a page of them."""
    visible = tasks_visible_to(user)
    return rows.filter(task__in=visible) if visible.query.has_filters() else rows


def evidence_visible_to(user: User) -> QuerySet[Evidence]:
    """Evidence files of the tasks `user` may see."""
    return _of_visible_tasks(Evidence.objects.all(), user)


def blockers_visible_to(user: User) -> QuerySet[Blocker]:
    """Blockers of the tasks `user` may see, with their task."""
    return _of_visible_tasks(Blocker.objects.select_related("task"), user)


def extensions_visible_to(user: User) -> QuerySet[Extension]:
    """Extension requests of the tasks `user` may see, with their task, who asked and who
    decided."""
    rows = Extension.objects.select_related("task", "requested_by", "decided_by")
    return _of_visible_tasks(rows, user)


def extensions_pending(user: User) -> QuerySet[Extension]:
    """Extension requests on the tasks `user` decides on, waiting, oldest first."""
    return (
        Extension.objects.filter(status=Extension.Status.PENDING, task__in=tasks_managed_by(user))
        .select_related("task__document", "task__lead_unit", "requested_by")
        .order_by("requested_at", "id")
    )


def change_requests_pending(user: User) -> QuerySet[ChangeRequest]:
    """Requests to stop or adjust the tasks `user` decides on, waiting, oldest first."""
    return (
        ChangeRequest.objects.filter(
            status=Extension.Status.PENDING, task__in=tasks_managed_by(user)
        )
        .select_related("task__document", "task__lead_unit", "requested_by")
        .order_by("requested_at", "id")
    )


def completions_to_confirm(user: User) -> QuerySet[Task]:
    """Completions reported on the tasks `user` decides on, not yet confirmed."""
    return (
        tasks_managed_by(user)
        .filter(status=Task.Status.COMPLETED, completion_confirmed_at__isnull=True)
        .select_related("document", "lead_unit")
        .order_by("completed_on", "id")
    )
