"""Server time of the document and unit dashboards against the bare SQL aggregate.

Run on a database filled by bench/generate.py (see bench/README.md):

    DATABASE_URL=postgres://root@127.0.0.1:5432/tracker_bench python bench/dashboards.py

"Server time" is the whole request through Django's test client: middleware, session,
every query, template rendering. "Bare aggregate" is hand-written SQL computing the same
figures for the same tasks (`bare_statements`: counts per lead unit, whose sum is the
headline; the longest overdue; tasks by month assigned and month completed, from which the
trend and the monthly pace are summed; for a unit, counts per document), the least any page
of these figures must ask the database. At-risk scoring and the forecast are Python on top;
they are part of the server time. Each figure is the median of RUNS runs after one warm-up.
"""

import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

RUNS = 5
PAST_DAY = date(2025, 6, 30)

# The figures of a dashboard written by hand: counts per lead unit (with the unit's names;
# the headline is their sum), the longest overdue tasks, and tasks by month assigned and
# month completed (the trend and the monthly pace are sums over those few rows). {scope}
# narrows the tasks; {deadline} is the deadline in force (the stored one today, rebuilt
# from approved extensions for a past day).
COUNTED = """
    SELECT t.*, {deadline} AS deadline_on,
           (t.status = 'completed' AND t.completed_on <= %(as_of)s) AS done
    FROM tasks_task t JOIN resolutions_unit u ON u.id = t.lead_unit_id
    WHERE t.status <> 'cancelled' AND t.assigned_on <= %(as_of)s AND {scope}
"""
COUNTS = """
    count(*),
    count(*) FILTER (WHERE done AND (deadline_on IS NULL OR completed_on <= deadline_on)),
    count(*) FILTER (WHERE done),
    count(*) FILTER (WHERE done AND completed_on > deadline_on),
    count(*) FILTER (WHERE done AND completed_on > original_deadline),
    count(*) FILTER (WHERE done AND completed_on > original_deadline
                     AND (deadline_on IS NULL OR completed_on <= deadline_on)),
    count(*) FILTER (WHERE NOT done AND (started_on IS NULL OR started_on > %(as_of)s)),
    count(*) FILTER (WHERE NOT done AND deadline_on < %(as_of)s),
    count(*) FILTER (WHERE NOT done AND original_deadline < %(as_of)s),
    coalesce(sum(extension_count), 0)
"""
UNIT_COUNTS = """
WITH t AS ({counted})
SELECT u.code, u.name, u.short_name, c.* FROM (
    SELECT lead_unit_id, {counts} FROM t GROUP BY lead_unit_id
) c JOIN resolutions_unit u ON u.id = c.lead_unit_id
"""
# The unit dashboard also shows each document's figures.
DOCUMENT_COUNTS = """
WITH t AS ({counted})
SELECT document_id, {counts} FROM t GROUP BY document_id
"""
OVERDUE = """
WITH t AS ({counted})
SELECT o.*, u.name FROM (
    SELECT id, title, lead_unit_id, deadline_on, extension_count FROM t
    WHERE NOT done AND deadline_on < %(as_of)s ORDER BY deadline_on, id LIMIT 50
) o JOIN resolutions_unit u ON u.id = o.lead_unit_id
"""
BY_MONTH = """
SELECT t.document_id,
       CASE WHEN t.assigned_on <= %(as_of)s
            THEN greatest(date_trunc('month', t.assigned_on), %(since)s) END,
       CASE WHEN t.status = 'completed' AND t.completed_on <= %(as_of)s
            THEN greatest(date_trunc('month', t.completed_on), %(since)s - 1) END,
       count(*)
FROM tasks_task t JOIN resolutions_unit u ON u.id = t.lead_unit_id
WHERE t.status <> 'cancelled' AND {scope}
GROUP BY 1, 2, 3
"""
DEADLINE_TODAY = "t.deadline"
DEADLINE_PAST = """CASE WHEN t.extension_count = 0 THEN t.original_deadline ELSE
    coalesce((SELECT e.requested_deadline FROM tasks_extension e
    WHERE e.task_id = t.id AND e.status = 'approved' AND e.decided_on <= %(as_of)s
    ORDER BY e.decided_on DESC, e.id DESC LIMIT 1), t.original_deadline) END"""


def bare_statements(
    scope: str, as_of: date, today: date, *, by_document: bool
) -> list[tuple[str, dict]]:
    from reports.forecast import recent_months

    deadline = DEADLINE_TODAY if as_of >= today else DEADLINE_PAST
    counted = COUNTED.format(deadline=deadline, scope=scope)
    params = {"as_of": as_of, "since": recent_months(as_of)[0]}
    statements = [
        (UNIT_COUNTS.format(counted=counted, counts=COUNTS), params),
        (OVERDUE.format(counted=counted), params),
        (BY_MONTH.format(scope=scope), params),
    ]
    if by_document:
        statements.append((DOCUMENT_COUNTS.format(counted=counted, counts=COUNTS), params))
    return statements


def median_ms(action) -> float:
    action()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    import django

    django.setup()
    from django.conf import settings

    # Pages name their static files; the manifest of `collectstatic` is not needed to time them.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from resolutions.models import Document, Membership, Unit
    from tasks.models import Task

    if connection.vendor != "postgresql":
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL.")
    leader, created = get_user_model().objects.get_or_create(username="bench-leader")
    if created:
        Membership.objects.create(user=leader, role=Membership.Role.LEADER)
    client = Client()
    client.force_login(leader)

    big = Document.objects.order_by("id").first()
    province = Unit.objects.filter(kind=Unit.Kind.PROVINCE).order_by("id").first()
    commune = Unit.objects.filter(kind=Unit.Kind.COMMUNE).order_by("id").first()
    assert big and province and commune, "run bench/generate.py first"
    today = timezone.localdate()
    cases = [
        ("document", big, f"document_id = {big.pk}", {}),
        ("unit, with sub-units", province, f"u.path LIKE '{province.path}%%'", {}),
        ("unit alone", commune, f"t.lead_unit_id = {commune.pk}", {"scope": "self"}),
    ]

    def bare(scope: str, as_of: date, by_document: bool) -> None:
        with connection.cursor() as cursor:
            for sql, params in bare_statements(scope, as_of, today, by_document=by_document):
                cursor.execute(sql, params)
                cursor.fetchall()

    print(f"{Task.objects.count():,} tasks; median of {RUNS} runs after a warm-up\n")
    print("| dashboard | tasks | as of | server time | bare aggregate | ratio |")
    print("|---|---:|---|---:|---:|---:|")
    for name, target, scope, params in cases:
        url = reverse(
            "reports:document" if name == "document" else "reports:unit", args=[target.pk]
        )
        tasks = (
            big.tasks.count()
            if name == "document"
            else Task.objects.filter(
                **(
                    {"lead_unit__path__startswith": target.path}
                    if not params
                    else {"lead_unit": target}
                )
            ).count()
        )
        for as_of in (today, PAST_DAY):
            query = {**params, "as_of": as_of.isoformat()}

            def page(url=url, query=query) -> None:
                response = client.get(url, query)
                assert response.status_code == 200, response.status_code

            server = median_ms(page)
            aggregate = median_ms(
                lambda scope=scope, as_of=as_of, name=name: bare(scope, as_of, name != "document")
            )
            label = "today" if as_of == today else as_of.strftime("%d/%m/%Y")
            print(
                f"| {name} | {tasks:,} | {label} | {server:.0f} ms | {aggregate:.0f} ms "
                f"| {server / aggregate:.1f}× |"
            )


if __name__ == "__main__":
    main()
