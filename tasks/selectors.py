"""Reads of tasks. Visibility is decided here once, for pages, API and exports alike."""

import operator
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
)
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce, Lower
from django.db.models.lookups import Contains
from django.utils import timezone

from reports.counting import RowState, in_state, state_on
from resolutions.codes import fold, search_tokens
from resolutions.models import Document
from resolutions.selectors import Role, User, role_of, sees_every_unit, staff_unit, unit_of
from tasks.models import Blocker, ChangeRequest, Evidence, Extension, Task, TaskChange


def tasks_visible_to(user: User) -> QuerySet[Task]:
    """Coordinators, leaders and administrators see every task; unit staff see the tasks
    their unit (or a unit below it) leads, and those it supports."""
    if sees_every_unit(user):
        return Task.objects.all()
    unit = staff_unit(user)
    if unit is None:
        return Task.objects.none()
    supported = Task.supporting_units.through.objects.filter(unit=unit).values("task_id")
    return Task.objects.filter(Q(lead_unit__path__startswith=unit.path) | Q(pk__in=supported))


def can_change_task(user: User, task: Task) -> bool:
    """Coordinators and administrators change any task; staff only their unit's own."""
    role = role_of(user)
    if role in (Role.COORDINATOR, Role.ADMIN):
        return True
    unit = unit_of(user)
    return role == Role.STAFF and unit is not None and task.lead_unit.path.startswith(unit.path)


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
    status: str = "",
    due: str = "",
    search: str = "",
    sort: str = "attention",
    batch: int | None = None,
) -> QuerySet[Task]:
    """The tasks `user` may see, filtered and sorted for a list page; rows carry their
    document and lead unit (one query per page, whatever its length)."""
    tasks = (
        tasks_visible_to(user)
        .select_related("document", "lead_unit")
        .annotate(state_on=state_on(as_of))  # the rows' badges
    )
    if document:
        tasks = tasks.filter(document=document)
    if status:
        tasks = tasks.filter(status=status)
    if due == Due.OVERDUE:
        tasks = tasks.filter(in_state("overdue", as_of=as_of))
    elif due in (Due.WEEK, Due.MONTH):
        soon = Q(deadline__gte=as_of, deadline__lte=as_of + timedelta(int(due)))
        tasks = tasks.filter(in_state("in_progress", as_of=as_of), soon)
    elif due == Due.ONGOING:
        tasks = tasks.filter(deadline__isnull=True)
    if search.strip():
        tasks = tasks.filter(search_filter(search))
    if batch:
        tasks = tasks.filter(assignment_batches=batch)
    return tasks.order_by(*SORTS.get(sort, SORTS["attention"]))


def task_detail(*, user: User, pk: int) -> Task:
    """One task `user` may see, with what its page shows; Task.DoesNotExist otherwise, so
    a task out of reach answers 404 and never shows its data."""
    return (
        tasks_visible_to(user)
        .select_related("document", "lead_unit")
        .annotate(state_on=state_on(timezone.localdate()))
        .prefetch_related(
            "supporting_units",
            Prefetch("changes", TaskChange.objects.select_related("changed_by")),
            Prefetch("extensions", Extension.objects.select_related("requested_by", "decided_by")),
            Prefetch("evidence", Evidence.objects.select_related("uploaded_by")),
            Prefetch("blockers", Blocker.objects.select_related("raised_by", "resolved_by")),
            Prefetch(
                "change_requests",
                ChangeRequest.objects.select_related("requested_by", "decided_by"),
            ),
        )
        .get(pk=pk)
    )


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


def evidence_visible_to(user: User) -> QuerySet[Evidence]:
    """Evidence files of the tasks `user` may see."""
    return Evidence.objects.filter(task__in=tasks_visible_to(user))


def blockers_visible_to(user: User) -> QuerySet[Blocker]:
    """Blockers of the tasks `user` may see, with their task."""
    return Blocker.objects.filter(task__in=tasks_visible_to(user)).select_related("task")


def extensions_pending() -> QuerySet[Extension]:
    """Extension requests waiting for a decision, oldest first."""
    return (
        Extension.objects.filter(status=Extension.Status.PENDING)
        .select_related("task__document", "task__lead_unit", "requested_by")
        .order_by("requested_at", "id")
    )


def change_requests_pending() -> QuerySet[ChangeRequest]:
    """Requests to stop or adjust a task waiting for a decision, oldest first."""
    return (
        ChangeRequest.objects.filter(status=Extension.Status.PENDING)
        .select_related("task__document", "task__lead_unit", "requested_by")
        .order_by("requested_at", "id")
    )


def completions_to_confirm() -> QuerySet[Task]:
    """Completions reported by units and not yet confirmed by a coordinator."""
    return (
        Task.objects.filter(status=Task.Status.COMPLETED, completion_confirmed_at__isnull=True)
        .select_related("document", "lead_unit")
        .order_by("completed_on", "id")
    )
