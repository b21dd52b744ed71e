"""A national-scale data set for the dashboard benchmark, on PostgreSQL only.

34 provinces, each with 20 departments, and 3,321 communes spread over them; 41 documents,
one of them with 100,000 tasks; 1,000,000 tasks; 5,000,000 history rows; an approved
extension for every task whose deadline moved. Rows are made by the server itself
(INSERT … SELECT over generate_series with a fixed seed), which takes minutes, not hours.
The fields models fill in save() (Unit.path and name_key, Document.search_key,
Task.search_key) are filled here too.

    DATABASE_URL=postgres://root@127.0.0.1:5432/tracker_bench python bench/generate.py
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

PROVINCES = 34
DEPARTMENTS_PER_PROVINCE = 20
COMMUNES = 3321
TASKS = 1_000_000
BIG_DOCUMENT_TASKS = 100_000
OTHER_DOCUMENTS = 40
CHANGES_PER_TASK = 5

STEPS = [
    (
        "units: provinces",
        f"""
        INSERT INTO resolutions_unit (code, name, name_key, short_name, kind, path, is_active)
        SELECT 'P' || lpad(p::text, 2, '0'), 'Tỉnh ' || p, 'tinh ' || p, 'T' || p, 'province',
               'P' || lpad(p::text, 2, '0') || '/', true
        FROM generate_series(1, {PROVINCES}) p
        """,
    ),
    (
        "units: departments",
        f"""
        INSERT INTO resolutions_unit (code, name, name_key, short_name, kind, parent_id, path,
                                      is_active)
        SELECT p.code || '-S' || lpad(d::text, 2, '0'), 'Sở số ' || d || ' ' || p.name,
               'so so ' || d || ' ' || p.name_key, '',
               'department', p.id, p.path || p.code || '-S' || lpad(d::text, 2, '0') || '/', true
        FROM resolutions_unit p, generate_series(1, {DEPARTMENTS_PER_PROVINCE}) d
        WHERE p.kind = 'province'
        """,
    ),
    (
        "units: communes",
        f"""
        INSERT INTO resolutions_unit (code, name, name_key, short_name, kind, parent_id, path,
                                      is_active)
        SELECT p.code || '-X' || lpad(c::text, 4, '0'), 'Xã số ' || c, 'xa so ' || c, '',
               CASE WHEN c % 5 = 0 THEN 'ward' WHEN c % 250 = 1 THEN 'special_zone'
                    ELSE 'commune' END,
               p.id, p.path || p.code || '-X' || lpad(c::text, 4, '0') || '/', true
        FROM generate_series(1, {COMMUNES}) c
        JOIN resolutions_unit p ON p.kind = 'province'
         AND p.code = 'P' || lpad((1 + (c - 1) % {PROVINCES})::text, 2, '0')
        """,
    ),
    (
        "documents",
        f"""
        INSERT INTO resolutions_document (code, doc_type, issuer, number, issued_on, title,
                                          horizon, is_active, search_key)
        SELECT n || '-NQ/TW', 'NQ', 'TW', n, DATE '2021-01-01' + n * 30,
               'Nghị quyết số ' || n, DATE '2030-12-31', true,
               ' ' || n || ' nq tw nghi quyet so ' || n || ' '
        FROM generate_series(1, {OTHER_DOCUMENTS + 1}) n
        """,
    ),
    (
        "tasks",
        f"""
        SELECT setseed(0.42);
        INSERT INTO tasks_task (document_id, title, description, lead_unit_id, assigned_on,
            original_deadline, deadline, status, percent, started_on, completed_on,
            cancelled_on, extension_count, version, search_key, created_at, updated_at,
            expected_output, output_delivered, rolls_up)
        SELECT doc, 'Nhiệm vụ chuyển đổi số ' || g, '', unit, assigned,
               CASE WHEN ongoing THEN NULL ELSE assigned + span END,
               CASE WHEN ongoing THEN NULL ELSE assigned + span + moved END,
               status,
               CASE status WHEN 'completed' THEN 100 WHEN 'not_started' THEN 0
                           ELSE (10 * floor(r5 * 10))::int END,
               CASE WHEN status = 'not_started' THEN NULL ELSE assigned + 7 END,
               CASE WHEN status = 'completed'
                    THEN LEAST(assigned + 8 + floor(r5 * (span + moved + 60))::int,
                               DATE '2026-11-01') END,
               CASE WHEN status = 'cancelled' THEN assigned + 30 END,
               CASE WHEN moved > 0 THEN 1 + (g % 2) ELSE 0 END,
               1, ' nhiem vu chuyen doi so ' || g || ' ', now(), now(), '', '', false
        FROM (
            SELECT g,
                   CASE WHEN g <= {BIG_DOCUMENT_TASKS} THEN d.first_id
                        ELSE d.first_id + 1 + g % {OTHER_DOCUMENTS} END AS doc,
                   u.first_id + floor(random() * u.n)::int AS unit,
                   DATE '2022-01-01' + floor(random() * 1700)::int AS assigned,
                   60 + floor(random() * 900)::int AS span,
                   CASE WHEN random() < 0.1 THEN 30 + floor(random() * 120)::int ELSE 0 END
                       AS moved,
                   random() < 0.05 AS ongoing,
                   CASE WHEN r4 < 0.03 THEN 'cancelled' WHEN r4 < 0.50 THEN 'completed'
                        WHEN r4 < 0.62 THEN 'not_started' ELSE 'in_progress' END AS status,
                   r5
            FROM (SELECT g, random() AS r4, random() AS r5
                  FROM generate_series(1, {TASKS}) g) s,
                 (SELECT min(id) AS first_id FROM resolutions_document) d,
                 (SELECT min(id) AS first_id, count(*) AS n FROM resolutions_unit) u
        ) t
        """,
    ),
    (
        "extensions",
        """
        INSERT INTO tasks_extension (task_id, requested_at, previous_deadline,
            requested_deadline, reason, status, decided_on, decision_note)
        SELECT id, now(), original_deadline, deadline, 'Chờ bố trí kinh phí', 'approved',
               LEAST(original_deadline - 3, DATE '2026-10-01'), ''
        FROM tasks_task WHERE deadline > original_deadline
        """,
    ),
    (
        "history",
        f"""
        INSERT INTO tasks_taskchange (task_id, changed_at, effective_on, field, before, after,
                                      note)
        SELECT t.id, now(), LEAST(t.assigned_on + 20 * k, DATE '2026-11-01'),
               CASE WHEN k = 1 THEN 'status' ELSE 'percent' END,
               (10 * (k - 1))::text, (10 * k)::text, 'Báo cáo tiến độ'
        FROM tasks_task t, generate_series(1, {CHANGES_PER_TASK}) k
        """,
    ),
    ("analyze", "ANALYZE"),
    # The data fits in memory: an index lookup costs about a sequential read, and with the
    # default (4, for spinning disks) PostgreSQL scans all 1,000,000 tasks to find a
    # province's 30,000. The same setting is advised for production on SSDs.
    (
        "random_page_cost",
        "DO $$ BEGIN EXECUTE format("
        "'ALTER DATABASE %I SET random_page_cost = 1.1', current_database()); END $$",
    ),
]


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL.")
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tasks_task")
        if cursor.fetchone()[0]:
            sys.exit("The database already holds tasks; use an empty one.")
        for name, sql in STEPS:
            started = time.perf_counter()
            cursor.execute(sql)
            print(f"{name:<22} {time.perf_counter() - started:7.1f} s", flush=True)


if __name__ == "__main__":
    main()
