"""Request time and database time of the task lists against the bare indexed SQL (issue 20).

Run on a database filled by bench/generate_tasks.py (100,000 tasks, bench/task_lists.sh) or
bench/generate.py (1,000,000; see bench/README.md, "Task lists"):

    DATABASE_URL=postgres://root@127.0.0.1:5432/tracker_bench20 python bench/task_lists.py

For each list: the whole request through Django's test client (token, middleware, every
query, serialisation), the time its queries spent in the database (measured around each
`execute`, so it includes the driver), and the bare SQL: hand-written, reading the same rows
with their document and lead unit through the index that serves the order, the least a
page of those rows must ask. Each figure is the median of RUNS runs after one warm-up.
"""

import os
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("API_THROTTLE_RATE", "100000000/minute")

RUNS = 9
PAST_DAY = date(2025, 6, 30)

ROWS = """
SELECT t.*, d.code, d.issued_on, u.code FROM (
    SELECT * FROM tasks_task t WHERE {where} ORDER BY {order} LIMIT 100
) t JOIN resolutions_document d ON d.id = t.document_id
JOIN resolutions_unit u ON u.id = t.lead_unit_id ORDER BY {order}
"""
OPEN_TODAY = (
    "t.status IN ('not_started', 'in_progress') AND t.assigned_on <= %(today)s"
    " AND t.deadline < %(today)s"
)


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from tracker.api_cursor import encode_cursor

    token = _leader_token()
    today = timezone.localdate()
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), max(id) FROM tasks_task")
        tasks, _ = cursor.fetchone()
        cursor.execute("SELECT id FROM tasks_task ORDER BY id DESC OFFSET 100 LIMIT 1")
        last_page_after = cursor.fetchone()[0]
    last = encode_cursor(last_page_after)
    params = {"today": today, "after": last_page_after}

    cases = [
        ("API, default order (deadline), page 1", "?page_size=100", "true", "t.deadline, t.id"),
        (
            f"API, default order, page 500 of {-(-tasks // 100):,}",
            "?page_size=100&page=500",
            "true",
            "t.deadline, t.id",
        ),
        ("API, cursor walk, first page", "?page_size=100&cursor=", "true", "t.id"),
        (
            "API, cursor walk, last page",
            f"?page_size=100&cursor={last}",
            "t.id > %(after)s",
            "t.id",
        ),
        ("API, state=overdue", "?page_size=100&state=overdue", OPEN_TODAY, "t.deadline, t.id"),
        ("API, state=overdue, cursor", "?page_size=100&state=overdue&cursor=", OPEN_TODAY, "t.id"),
    ]
    print(f"{tasks:,} tasks; median of {RUNS} runs after a warm-up\n")
    print("| list | request | of which database | queries | bare SQL | db / bare |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, query, where, order in cases:
        request, database, queries = _request(client, f"/api/v1/tasks/{query}", connection)
        bare = _median(lambda w=where, o=order: _bare(connection, w, o, params))
        print(
            f"| {name} | {request:.1f} ms | {database:.1f} ms | {queries} | {bare:.1f} ms "
            f"| {database / bare:.1f}× |"
        )
    # Page numbers count once per data version (tasks/paging.py): the rows above are lists
    # asked again, these the first request after a change (count, token and roles read anew).
    for name, query, where, order in [cases[0], cases[4]]:
        request, database, queries = _request(
            client, f"/api/v1/tasks/{query}", connection, changed=True
        )
        bare = _median(lambda w=where, o=order: _bare(connection, w, o, params))
        print(
            f"| {name}, after a change | {request:.1f} ms | {database:.1f} ms | {queries} "
            f"| {bare:.1f} ms | {database / bare:.1f}× |"
        )
    past = f"/api/v1/tasks/?page_size=100&state=overdue&as_of={PAST_DAY.isoformat()}"
    request, database, queries = _request(client, past, connection)
    print(
        f"| API, state=overdue as of {PAST_DAY:%d/%m/%Y} | {request:.1f} ms | {database:.1f} ms"
        f" | {queries} | — | — |"
    )
    _admin_lists(connection)


ADMIN_LISTS = [
    ("admin, tasks", "/admin/tasks/task/"),
    (
        "admin, tasks, by status and document",
        "/admin/tasks/task/?status__exact=in_progress&document__id__exact={document}",
    ),
    ("admin, tasks, search", "/admin/tasks/task/?q=nhiem+vu+4711"),
    ("admin, history", "/admin/tasks/taskchange/"),
    ("admin, history, by field", "/admin/tasks/taskchange/?field__exact=status"),
]


def _admin_lists(connection) -> None:
    """The change lists of tasks and history, as a superuser sees them."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tasks.models import Task

    # Pages name their static files; the manifest of `collectstatic` is not needed to time them.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    admin, made = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(admin)
    document = Task.objects.order_by("id").values_list("document_id", flat=True).first()
    print("\n| admin change list | request | of which database | queries |")
    print("|---|---:|---:|---:|")
    for name, path in ADMIN_LISTS:
        request, database, queries = _request(client, path.format(document=document), connection)
        print(f"| {name} | {request:.1f} ms | {database:.1f} ms | {queries} |")


def _leader_token():
    """The token of bench/generate_tasks.py's leader; made here on bench/generate.py's data."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from resolutions.models import Membership

    leader, made = get_user_model().objects.get_or_create(username="bench-leader")
    if made:
        Membership.objects.create(user=leader, role=Membership.Role.LEADER)
    return Token.objects.get_or_create(user=leader)[0]


def _bare(connection, where: str, order: str, params: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute(ROWS.format(where=where, order=order), params)
        cursor.fetchall()


@contextmanager
def _database_time(connection, spent: list[float]):
    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(time.perf_counter() - start)

    with connection.execute_wrapper(timed):
        yield


def _request(client, path: str, connection, changed=False) -> tuple[float, float, int]:
    """Median request time, median database time (ms) and the number of queries; with
    `changed`, each request follows a change of the data (a new data version)."""
    from reports.cache import data_changed

    requests, databases, queries = [], [], 0
    for run in range(RUNS + 1):
        if changed:
            data_changed()
        spent: list[float] = []
        with _database_time(connection, spent):
            start = time.perf_counter()
            response = client.get(path)
            elapsed = time.perf_counter() - start
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
        if run:  # the first is the warm-up
            requests.append(elapsed * 1000)
            databases.append(sum(spent) * 1000)
            queries = len(spent)
    return statistics.median(requests), statistics.median(databases), queries


def _median(run: Callable[[], None]) -> float:
    run()
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


if __name__ == "__main__":
    main()
