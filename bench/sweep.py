"""Times the overdue sweep over 1,000,000 tasks on PostgreSQL (target: under 10 s).

    .venv/bin/python bench/sweep.py [--tasks 1000000] [--keep]

Creates its own database (tracker_bench5 on 127.0.0.1, or BENCH_DATABASE_URL), migrates it,
loads units, staff, documents and tasks with set-based SQL, then times:
  - the daily run: yesterday's tasks become overdue, their units' staff are told;
  - the same run again (nothing to do: idempotent);
  - the first run ever, every flag empty: hundreds of thousands flagged at once.
The database is dropped at the end unless --keep is given. Run by hand, never by the tests.
"""

import argparse
import os
import sys
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
URL = os.environ.get("BENCH_DATABASE_URL", "postgres://root@127.0.0.1:5432/tracker_bench5")
SERVER, NAME = URL.rsplit("/", 1)


def admin(sql: str) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = URL
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()


LOAD = """
INSERT INTO resolutions_unit (code, name, name_key, short_name, kind, path, is_active)
SELECT 'B' || u, 'Đơn vị ' || u, 'don vi ' || u, '', 'department', 'B' || u || '/', true
FROM generate_series(1, 100) u;

INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,
                       is_staff, is_active, date_joined)
SELECT '!', false, 'staff' || u, '', '', 'staff' || u || '@example.vn', false, true, now()
FROM generate_series(1, 100) u;

INSERT INTO resolutions_membership (user_id, unit_id, role)
SELECT usr.id, unit.id, 'staff'
FROM auth_user usr JOIN resolutions_unit unit ON unit.code = 'B' || substr(usr.username, 6);

INSERT INTO resolutions_document (code, doc_type, issuer, number, issued_on, title, horizon,
                                  is_active, search_key)
SELECT d || '-NQ/TU', 'NQ', 'TU', d, DATE '2022-01-01', 'Nghị quyết ' || d, NULL, true,
       ' ' || d || ' nq tu nghi quyet ' || d || ' '
FROM generate_series(1, 20) d;

-- Deadlines spread over three years before and one year after today; half completed,
-- one in twenty cancelled, the rest in progress or not started.
INSERT INTO tasks_task (document_id, title, description, lead_unit_id, assigned_on,
    original_deadline, deadline, status, percent, started_on, completed_on,
    cancelled_on, completion_confirmed_at, extension_count, overdue_since, version,
    search_key, created_at, updated_at, expected_output, output_delivered, rolls_up)
SELECT doc.id, 'Triển khai chuyển đổi số ' || g, '', unit.id, t.deadline - 400,
       t.deadline, t.deadline, t.status,
       CASE t.status WHEN 'completed' THEN 100 WHEN 'in_progress' THEN 50 ELSE 0 END,
       CASE WHEN t.status = 'not_started' THEN NULL ELSE t.deadline - 300 END,
       CASE WHEN t.status = 'completed' THEN LEAST(t.deadline, %(today)s::date - 1) END,
       CASE WHEN t.status = 'cancelled' THEN t.deadline - 400 END,
       NULL, 0, NULL, 1, ' trien khai chuyen doi so ' || g || ' ', now(), now(), '', '', false
FROM generate_series(1, %(tasks)s) g
CROSS JOIN LATERAL (
    SELECT %(today)s::date + ((g::bigint * 7919) %% 1461 - 1096)::int AS deadline,
           CASE WHEN g %% 20 = 0 THEN 'cancelled'
                WHEN g %% 2 = 0 THEN 'completed'
                WHEN g %% 5 = 1 THEN 'not_started'
                ELSE 'in_progress' END AS status
) t
JOIN resolutions_document doc ON doc.code = (g %% 20 + 1) || '-NQ/TU'
JOIN resolutions_unit unit ON unit.code = 'B' || (g %% 100 + 1);
"""

# As the daily sweep would have left them: every task overdue before yesterday is flagged.
FLAGGED_UP_TO_YESTERDAY = """
UPDATE tasks_task SET overdue_since = deadline + 1
WHERE status NOT IN ('completed', 'cancelled') AND deadline < %(today)s::date - 1
"""


@contextmanager
def statement_times(into: dict[str, float]):
    """Adds up the time spent in each kind of SQL statement (first word) inside the block."""
    from django.db import connection

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            kind = sql.split(None, 1)[0].upper()
            into[kind] = into.get(kind, 0.0) + time.perf_counter() - started

    with connection.execute_wrapper(wrapper):
        yield


def timed(label: str, run) -> None:
    from tasks.models import Notification

    before = Notification.objects.count()
    statements: dict[str, float] = {}
    started = time.perf_counter()
    with statement_times(statements):
        changed = run()
    elapsed = time.perf_counter() - started
    told = Notification.objects.count() - before
    update, insert = statements.get("UPDATE", 0.0), statements.get("INSERT", 0.0)
    print(
        f"{label:<40} {elapsed:7.2f} s   flags changed {changed:>8,}   notifications {told:>8,}"
        f"   (UPDATE {update:.2f} s, INSERT {insert:.2f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    options = parser.parse_args()

    admin(f'DROP DATABASE IF EXISTS "{NAME}"')
    admin(f'CREATE DATABASE "{NAME}"')
    try:
        setup_django()
        from django.core.management import call_command
        from django.db import connection

        from tasks import notifications

        # The benchmark times the sweep, not email: nothing is enqueued for delivery.
        notifications.enqueue_delivery = lambda: None
        today = date.today()
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(LOAD, {"today": today, "tasks": options.tasks})
            cursor.execute(FLAGGED_UP_TO_YESTERDAY, {"today": today})
            cursor.execute("VACUUM ANALYZE")
        print(f"loaded {options.tasks:,} tasks in {time.perf_counter() - started:.1f} s")

        def sweep():
            return notifications.overdue_sweep(today=today)

        timed("daily run (yesterday's tasks overdue)", sweep)
        timed("the same run again (idempotent)", sweep)
        timed("next day", lambda: notifications.overdue_sweep(today=today + timedelta(1)))
        with connection.cursor() as cursor:
            cursor.execute("UPDATE tasks_task SET overdue_since = NULL")
            cursor.execute("DELETE FROM tasks_notification")
            cursor.execute("VACUUM ANALYZE tasks_task")
        timed("first run ever (no flag set)", sweep)
        connection.close()
    finally:
        if not options.keep:
            admin(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')


if __name__ == "__main__":
    main()
