"""Change lists over millions of rows (issue 20): the admin counts a list to number its
pages, and a full COUNT(*) of 5,000,000 history rows reads all of them on every page."""

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

# Counted exactly up to here: a hundred pages of a hundred rows.
COUNT_CAP = 10_000


class LargeTablePaginator(Paginator):
    """Counts at most `COUNT_CAP` + 1 rows (an index range, stopped there). Past that, an
    unfiltered list on PostgreSQL takes the planner's estimate of the table's rows, which
    `ANALYZE` and autovacuum keep; a filtered one stops at the cap. Use with
    `show_full_result_count = False`, so the admin does not count the whole table besides."""

    @cached_property
    def count(self) -> int:
        rows: QuerySet = self.object_list  # type: ignore[assignment]  # the admin's queryset
        counted = rows.order_by()[: COUNT_CAP + 1].count()
        if counted <= COUNT_CAP or rows.query.has_filters():
            return counted
        return max(counted, _estimated_rows(rows))


def _estimated_rows(rows: QuerySet) -> int:
    connection = connections[rows.db]
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
            [rows.model._meta.db_table],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0
