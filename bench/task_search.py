"""Time the task-list search on a large table, inside a transaction that is rolled back.

Run by hand against PostgreSQL (or SQLite) with the project's settings:

    DATABASE_URL=postgres://... .venv/bin/python bench/task_search.py 200000

It adds N tasks with demo-like titles (about thirty subjects, so most words are in thousands
of titles; the index pays off for rarer words), runs the list query of the tasks page for a few
searches and prints the time of each (best of 5); on PostgreSQL it says whether the trigram
index on tasks_task.search_key was used and runs them again without it. Nothing is kept.
"""

import os
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from demo.titles import ACTIONS, SUBJECTS  # noqa: E402
from resolutions.models import Document, Membership, Unit  # noqa: E402
from tasks.models import Task, task_search_key  # noqa: E402
from tasks.selectors import task_list  # noqa: E402

SEARCHES = [
    "chuyen doi so",
    "dinh danh dien tu",
    "vneid",
    "nq57",
    "57-NQ-TW ha tang",
    "khong co gi",
    "199999",  # one title: the index finds it without reading the table
]


class Rollback(Exception):
    pass


def fill(n: int) -> User:
    unit = Unit.objects.create(code="BENCH", name="Đơn vị đo", kind=Unit.Kind.OTHER)
    documents = []
    for number in range(41, 81):  # 57-NQ/TW among them
        document = Document(code=f"{number}-NQ/TW", issued_on=date(2024, 1, 1), title="Bench")
        document.clean()
        document.save()
        documents.append(document)
    rng = random.Random(57)
    rows = []
    for i in range(n):
        title = f"{rng.choice(ACTIONS)} {rng.choice(SUBJECTS)} {i}"
        task = Task(
            document=rng.choice(documents),
            lead_unit=unit,
            title=title,
            assigned_on=date(2025, 1, 1),
            original_deadline=date(2025, 12, 31),
            deadline=date(2025, 12, 31),
        )
        task.search_key = task_search_key(title)  # as Task.save(); bulk_create skips it
        rows.append(task)
    Task.objects.bulk_create(rows, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE tasks_task")
    coordinator = User.objects.create(username="bench-coordinator")
    Membership.objects.create(user=coordinator, role=Membership.Role.COORDINATOR)
    return coordinator


def run_searches(user: User, label: str) -> None:
    print(label)
    for search in SEARCHES:
        tasks = task_list(user=user, as_of=date(2025, 9, 30), search=search)
        page = tasks[:25]
        best = min(_timed(page, tasks) for _ in range(5))
        used = ""
        if connection.vendor == "postgresql":
            used = " (trigram index)" if "search_key_trgm" in tasks.explain() else ""
        print(f"  {search!r:24} {tasks.count():>7,} found  {best * 1000:7.1f} ms{used}")


def main(n: int) -> None:
    try:
        with transaction.atomic():
            user = fill(n)
            run_searches(user, f"{connection.vendor}, {Task.objects.count():,} tasks")
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("DROP INDEX tasks_task_search_key_trgm")  # rolled back below
                run_searches(user, "the same without the trigram index")
            raise Rollback
    except Rollback:
        pass


def _timed(page, tasks) -> float:
    """One list page as the tasks page loads it: the rows shown and the total count."""
    start = time.perf_counter()
    list(page.all())
    tasks.count()
    return time.perf_counter() - start


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
