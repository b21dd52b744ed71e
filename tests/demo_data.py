"""The demo data for tests, seeded once per test process and copied back afterwards.

`seed_demo` goes through the services, as `bin/run` seeds (about 6,200 queries: 20–60 s a
time on the CI machine, and some 45 browser tests and 9 modules load it). The first load in
a process seeds and then copies every table into a twin named `demo_snapshot_<table>`:
not a model's table, so the flush between tests keeps it. Every later load empties the
tables and copies the twins back in one transaction (the foreign keys Django makes are
deferred to the commit), in about a second, with the same ids."""

from datetime import date

import time_machine
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction

from demo.seed import seed_demo
from reports.cache import data_changed

# The demo's day, and the moment it is seeded at: the clock stands still while it is seeded.
DAY = date(2025, 9, 30)
SEEDED_AT = "2025-09-30 10:00 +07:00"
PREFIX = "demo_snapshot_"
_copied: list[str] = []  # the tables copied, once the snapshot is taken


def load_demo() -> None:
    """The demo data on DAY, committed, in a database holding only what migrations make
    (the caller flushes it afterwards)."""
    if not _copied:
        with time_machine.travel(SEEDED_AT, tick=False):
            seed_demo(today=DAY)
        _take_snapshot()
        return
    quote = connection.ops.quote_name
    models = apps.get_models(include_auto_created=True)
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(no_style(), _copied):
            cursor.execute(sql)
        for table in _copied:
            cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {quote(PREFIX + table)}")
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    # Raw SQL sends no signals: what they would have told, told here.
    ContentType.objects.clear_cache()
    data_changed()


def _take_snapshot() -> None:
    quote = connection.ops.quote_name
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            twin = quote(PREFIX + table)
            cursor.execute(f"DROP TABLE IF EXISTS {twin}")
            cursor.execute(f"CREATE TABLE {twin} AS SELECT * FROM {quote(table)}")
    _copied[:] = tables
