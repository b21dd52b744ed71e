"""Page numbers over task lists whose count is read once per data version (issue 20).

A page of a task list costs its rows (an index range, then the page's own figures) and the
COUNT(*) of every task matching the filters, which page numbers need: on 100,000 tasks the
count is most of the page's database time. The count is kept in the cache with the data
version it was read at and used only while that is still the version (reports.cache: every
save or delete of a task, an extension, a supporting unit, a unit, a document, a membership
or a user replaces it), so a count is never stale. Its key is the list's SQL with its
parameters, which hold the filters, the user's scope and the day judged on: two lists share
a count only when they are the same list."""

import hashlib
from functools import cached_property

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import QuerySet

from reports.cache import cached_at_version

COUNT_SECONDS = 600


class TaskPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return super().count
        sql, params = self.object_list.query.sql_with_params()
        digest = hashlib.sha256(f"{sql}\x00{params!r}".encode()).hexdigest()
        key = f"count:{connection.settings_dict['NAME']}:{digest}"
        return cached_at_version(key, self._count_rows, timeout=COUNT_SECONDS).value

    def _count_rows(self) -> int:
        return super().count
