"""Fill the configured database with a large data set for benchmarks (not for tests):
a province with departments and communes, documents, N tasks with every status, some
approved extensions, and a leader with an API token (printed on the last line).

    DATABASE_URL=postgres://.../tracker_bench6 python bench/generate_tasks.py --tasks 100000
"""

import argparse
import os
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from reports.cache import data_changed  # noqa: E402
from resolutions.models import Document, Membership, Unit  # noqa: E402
from tasks.models import Extension, Task, task_search_key  # noqa: E402

TODAY = date.today()
BATCH = 5000


def units() -> list[Unit]:
    root = Unit(code="BN", name="Tỉnh Bench", kind=Unit.Kind.PROVINCE)
    root.save()
    children = []
    for n in range(40):
        children.append(Unit(code=f"BN-S{n:02}", name=f"Sở {n:02}", kind=Unit.Kind.DEPARTMENT))
    for n in range(90):
        children.append(Unit(code=f"BN-X{n:02}", name=f"Xã {n:02}", kind=Unit.Kind.COMMUNE))
    for child in children:
        child.parent = root
        child.save()
    return [root, *children]


def documents() -> list[Document]:
    made = []
    for n in range(1, 26):
        document = Document(code=f"{n}-NQ/TU", issued_on=date(2021, 1, 1) + timedelta(days=40 * n))
        document.title = f"Nghị quyết {n} về chuyển đổi số"
        document.full_clean()
        document.save()
        made.append(document)
    return made


def task(rng: random.Random, document: Document, lead: Unit, n: int) -> Task:
    assigned = document.issued_on + timedelta(days=rng.randint(0, 300))
    assigned = min(assigned, TODAY)
    deadline = None if rng.random() < 0.1 else assigned + timedelta(days=rng.randint(30, 720))
    status = rng.choices(
        [Task.Status.COMPLETED, Task.Status.IN_PROGRESS, Task.Status.NOT_STARTED, "cancelled"],
        weights=[45, 35, 15, 5],
    )[0]
    started = completed = None
    if status in (Task.Status.COMPLETED, Task.Status.IN_PROGRESS):
        started = min(assigned + timedelta(days=rng.randint(0, 60)), TODAY)
    if status == Task.Status.COMPLETED:
        latest = min(TODAY, (deadline or TODAY) + timedelta(days=60))
        completed = started + timedelta(days=rng.randint(0, max(0, (latest - started).days)))
    return Task(
        document=document,
        lead_unit=lead,
        title=f"Nhiệm vụ {n}",
        search_key=task_search_key(f"Nhiệm vụ {n}"),
        assigned_on=assigned,
        original_deadline=deadline,
        deadline=deadline,
        status=status,
        percent=100 if completed else rng.randint(0, 90),
        started_on=started,
        completed_on=completed,
        cancelled_on=assigned if status == "cancelled" else None,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=100_000)
    count = parser.parse_args().tasks
    rng = random.Random(6)
    with transaction.atomic():
        all_units, all_documents = units(), documents()
        for start in range(0, count, BATCH):
            rows = [
                task(rng, rng.choice(all_documents), rng.choice(all_units), n)
                for n in range(start, min(count, start + BATCH))
            ]
            Task.objects.bulk_create(rows, batch_size=BATCH)
        extended = list(
            Task.objects.exclude(deadline=None).exclude(status="completed").order_by("?")[:3000]
        )
        extensions = []
        for row in extended:
            new_deadline = row.deadline + timedelta(days=90)
            decided = min(TODAY, row.deadline)
            extensions.append(
                Extension(
                    task=row,
                    previous_deadline=row.deadline,
                    requested_deadline=new_deadline,
                    reason="Bench",
                    status=Extension.Status.APPROVED,
                    decided_on=decided,
                )
            )
            row.deadline, row.extension_count = new_deadline, 1
        Extension.objects.bulk_create(extensions, batch_size=BATCH)
        Task.objects.bulk_update(extended, ["deadline", "extension_count"], batch_size=BATCH)
        leader = get_user_model().objects.create_user("bench-leader", password="bench-only")
        Membership.objects.create(user=leader, role=Membership.Role.LEADER)
        token = Token.objects.create(user=leader)
    data_changed()  # bulk writes bypass the signals that keep the summary cache fresh
    print(f"{Task.objects.count()} tasks, {len(extensions)} extensions")
    print(token.key)


if __name__ == "__main__":
    main()
