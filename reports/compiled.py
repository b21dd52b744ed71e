"""The SQL of the counting queries, compiled by the ORM once per process for each shape
(issue 17).

A figure set is one aggregate query, but the ORM builds and compiles its conditional counts
(nine filtered COUNTs, the deadline in force, the counted-once subquery) in 3–4 times what
the database spends on a commune's figures. The SQL it gives is a pure function of the
tasks' own SQL and parameters (which hold the user's scope and the filters), of what the
caller asks (`shape`: the grouping, the days) and of today, which decides how deadlines are
judged. Those are the key, so a query is compiled again whenever any of them differs; the
database still runs every query, nothing is served from a cache of figures.

Only queries of plain values pass here (`values()` with aggregates: ids and numbers), which
the database driver already gives as Python values, so rows are read without the ORM's
converters."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.utils import timezone

# Shapes kept per process: a province's pages for a day need a few dozen.
KEPT = 512

_compiled: OrderedDict[Hashable, tuple[str, tuple]] = OrderedDict()
_lock = threading.Lock()


def compiled_sql(
    tasks: QuerySet, shape: Hashable, build: Callable[[], QuerySet]
) -> tuple[str, tuple] | None:
    """The SQL and parameters of `build()`, a query derived from `tasks` in a way `shape`
    names; None when `tasks` can match nothing (`QuerySet.none()`)."""
    try:
        base = tasks.query.sql_with_params()
        key = (tasks.db, base, shape, timezone.localdate())
    except EmptyResultSet:
        return None
    with _lock:
        found = _compiled.get(key)
        if found is not None:
            _compiled.move_to_end(key)
            return found
    query = build()
    try:
        sql, params = query.query.get_compiler(using=query.db).as_sql()
    except EmptyResultSet:
        return None
    compiled = sql, tuple(params)
    with _lock:
        _compiled[key] = compiled
        while len(_compiled) > KEPT:
            _compiled.popitem(last=False)
    return compiled


def value_rows(tasks: QuerySet, shape: Hashable, build: Callable[[], QuerySet]) -> list[dict]:
    """The rows of `build()` (see `compiled_sql`) as dicts by column name."""
    found = compiled_sql(tasks, shape, build)
    if found is None:
        return []
    with connections[tasks.db].cursor() as cursor:
        cursor.execute(*found)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
