"""Issue 14's speed targets: the periodic report for a province with its sub-units over 40
documents (Word and Excel under 2 s, PDF under 5 s) and the import of 10,000 rows (checked
and created under 15 s).

Run on a database filled by bench/generate.py (see bench/README.md):

    DATABASE_URL=postgres://root@127.0.0.1:5432/tracker_bench python bench/periodic_import.py

Each report figure is the median of RUNS runs after a warm-up: the content (one selector,
every query) and then each file rendered from it. The import builds a 10,000-row
spreadsheet of the data set's own codes, then times reading and checking it, and creating
every row in one transaction (rolled back at the end, so the data set is left as it was).
"""

import os
import statistics
import sys
import time
from datetime import date
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")

RUNS = 3
IMPORT_ROWS = 10_000
PERIOD = (date(2025, 1, 1), date(2025, 6, 30))


def seconds(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def median_s(action) -> tuple[float, float]:
    """The median wall-clock time of RUNS runs after a warm-up, and the median CPU time this
    process spent in them: on a shared machine the second is what the work itself costs
    here (the database's own time is not in it)."""
    action()
    runs = []
    for _ in range(RUNS):
        cpu = time.process_time()
        wall, _result = seconds(action)
        runs.append((wall, time.process_time() - cpu))
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def spreadsheet(documents: list[str], units: list[str]) -> BytesIO:
    from openpyxl import Workbook

    from tasks.imports.columns import COLUMNS

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([str(column.label) for column in COLUMNS])
    for n in range(IMPORT_ROWS):
        sheet.append(
            [
                documents[n % len(documents)],
                f"Nhiệm vụ nhập thử số {n}",
                "",
                units[n % len(units)],
                units[(n + 1) % len(units)],
                date(2025, 1, 10),
                date(2026, 6, 30),
            ]
        )
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from reports.periodic.files import FORMATS
    from reports.periodic.selectors import ReportRequest, periodic_report
    from reports.periods import date_range
    from resolutions.models import Document, Membership, Unit
    from tasks.imports.services import task_import_check, task_import_run

    if connection.vendor != "postgresql":
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL.")
    user, created = get_user_model().objects.get_or_create(username="bench-coordinator")
    if created:
        Membership.objects.create(user=user, role=Membership.Role.COORDINATOR)
    province = Unit.objects.filter(kind=Unit.Kind.PROVINCE).order_by("id").first()
    documents = tuple(Document.objects.order_by("id")[:40])
    assert province and len(documents) == 40, "run bench/generate.py first"

    request = ReportRequest(documents=documents, period=date_range(*PERIOD), unit=province)
    report = periodic_report(user=user, request=request)
    rows = sum(len(section.ranking.units) for section in report.sections)
    print(
        f"Report: {province.name} with sub-units, {len(documents)} documents, "
        f"{report.counts.total:,} tasks, {rows:,} unit rows, {len(report.overdue)} overdue listed"
    )
    content, content_cpu = median_s(lambda: periodic_report(user=user, request=request))
    print(f"Load average before the runs: {os.getloadavg()[0]:.1f}")
    print("| step | median of 3 | CPU of this process | size |\n|---|---:|---:|---:|")
    print(f"| content (selector, every query) | {content:.2f} s | {content_cpu:.2f} s | |")
    for name, wanted in FORMATS.items():
        size = len(wanted.render(report))
        rendered, cpu = median_s(lambda wanted=wanted: wanted.render(report))
        print(f"| {name} render | {rendered:.2f} s | {cpu:.2f} s | {size / 1000:,.0f} KB |")
        print(f"| **{name} total** | **{content + rendered:.2f} s** | | |")

    codes = [document.code for document in documents]
    units = list(Unit.objects.filter(path__startswith=province.path).values_list("code", flat=True))
    upload = spreadsheet(codes, units)
    size = len(upload.getvalue())
    load = os.getloadavg()[0]
    print(f"\nImport of {IMPORT_ROWS:,} rows ({size / 1000:,.0f} KB), load average {load:.1f}:")
    with transaction.atomic():
        cpu = time.process_time()
        checked_s, task_import = seconds(
            lambda: task_import_check(user=user, upload=upload, name="bench.xlsx", size=size)
        )
        checked_cpu, cpu = time.process_time() - cpu, time.process_time()
        assert not task_import.errors, task_import.errors[:3]
        created_s, _ = seconds(lambda: task_import_run(task_import=task_import))
        created_cpu = time.process_time() - cpu
        transaction.set_rollback(True)
    print("| step | time | CPU of this process |\n|---|---:|---:|")
    print(f"| read and check | {checked_s:.2f} s | {checked_cpu:.2f} s |")
    print(f"| create (one transaction) | {created_s:.2f} s | {created_cpu:.2f} s |")
    print(f"| **total** | **{checked_s + created_s:.2f} s** | |")


if __name__ == "__main__":
    main()
