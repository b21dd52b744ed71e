"""The constant costs of issue 17, side by side in one run: writes and the cached summary
against the framework's floor. Run by bench/constant_costs.sh (its own database).

Every figure is the whole request through Django's handler (the test client: middleware,
session or token, every query, rendering), the median of RUNS runs after a warm-up, and
the number of queries it made. The floor of the cached summary is a plain Django view
returning a body of the same size from the same cache, through the same handler.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from bench.floor_urls import FLOOR_KEY  # noqa: E402
from reports.cache import data_changed  # noqa: E402
from resolutions.models import Document, Membership, Unit  # noqa: E402
from tasks.models import Task  # noqa: E402
from tasks.services import task_assign_many  # noqa: E402

RUNS = 15
COMMUNES = 93
WORKERS = os.environ.get("WORKERS", "2")
CONNECTIONS = os.environ.get("CONNECTIONS", "16")
DURATION = os.environ.get("DURATION", "10s")
ROUNDS = int(os.environ.get("ROUNDS", "3"))  # of wrk on each case, the median reported


def measure(call) -> tuple[float, int]:
    """Median milliseconds of `call` over RUNS runs after a warm-up, and its queries."""
    call()
    times, queries = [], 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            call()
            times.append((time.perf_counter() - start) * 1000)
        queries = len(captured)
    return statistics.median(times), queries


def make_data():
    """Đà Nẵng's 93 communes, each with a staff member; a coordinator and a leader at the
    city; 40 documents; 252 tasks led by the first commune (a commune's plans, issue 17)
    and one more for each other commune; every status, deadlines either side of today."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    city = Unit.objects.create(code="DN", name="Thành phố Đà Nẵng", kind=Unit.Kind.PROVINCE)
    communes = [
        Unit.objects.create(code=f"DN-X{n:02}", name=f"Xã {n}", parent=city, kind=Unit.Kind.COMMUNE)
        for n in range(COMMUNES)
    ]
    staff = []
    for commune in communes:
        user = users.create_user(f"staff-{commune.code}", password="bench-only-Pw-2025")
        Membership.objects.create(user=user, unit=commune, role=Membership.Role.STAFF)
        staff.append(user)
    coordinator = users.create_user("coordinator", password="bench-only-Pw-2025")
    Membership.objects.create(user=coordinator, unit=city, role=Membership.Role.COORDINATOR)
    leader = users.create_user("leader", password="bench-only-Pw-2025")
    Membership.objects.create(user=leader, unit=city, role=Membership.Role.LEADER)
    documents = [
        Document.objects.create(
            code=f"{n + 1}-NQ/TU",
            doc_type="NQ",
            issuer="TU",
            number=n + 1,
            issued_on=date(2025, 1, 2),
            title=f"Nghị quyết số {n + 1} về chuyển đổi số",
            issuing_unit=city,  # the city's coordinator manages them (issue 13)
        )
        for n in range(40)
    ]
    today = timezone.localdate()
    tasks = []
    for n in range(252 + COMMUNES - 1):
        lead = communes[0] if n < 252 else communes[n - 251]
        deadline = today + timedelta(days=(n * 37) % 400 - 200) if n % 20 else None
        done = n % 3 == 0
        task = Task(
            document=documents[n % 40],
            title=f"Nhiệm vụ chuyển đổi số {n}",
            lead_unit=lead,
            assigned_on=today - timedelta(days=300 + n % 60),
            original_deadline=deadline,
            deadline=deadline,
            status=Task.Status.COMPLETED
            if done
            else (Task.Status.IN_PROGRESS if n % 3 == 1 else Task.Status.NOT_STARTED),
            percent=100 if done else (40 if n % 3 == 1 else 0),
            started_on=today - timedelta(days=200) if n % 3 != 2 else None,
            completed_on=today - timedelta(days=n % 250) if done else None,
        )
        task.fill_derived()
        tasks.append(task)
    Task.objects.bulk_create(tasks)
    data_changed()
    return city, communes, staff, coordinator, leader, documents[0]


def dashboards(leader, commune) -> list[tuple[str, float, float]]:
    """A commune's dashboard (its own tasks, today) and the leader's home page, each
    against the bare SQL of the same figures (bench/dashboards.py's statements)."""
    from dashboards import bare_statements
    from django.urls import reverse

    client = Client()
    client.force_login(leader, backend="django.contrib.auth.backends.ModelBackend")
    today = timezone.localdate()

    def bare(scope: str) -> None:
        with connection.cursor() as cursor:
            for sql, params in bare_statements(scope, today, today, by_document=True):
                cursor.execute(sql, params)
                cursor.fetchall()

    commune_url = reverse("reports:unit", args=[commune.pk]) + "?scope=self"
    rows = []
    for what, url, scope in [
        (
            f"one commune's dashboard, {commune.led_tasks.count()} tasks, today",
            commune_url,
            f"t.lead_unit_id = {commune.pk}",
        ),
        ("the home page (leader, the whole city)", "/", "true"),
    ]:
        page, _ = measure(lambda url=url: client.get(url))
        floor, _ = measure(lambda scope=scope: bare(scope))
        rows.append((what, page, floor))
    return rows


def served(port: int, path: str, headers: list[str]) -> float:
    """Requests per second wrk measures for `path` on the gunicorn at `port`."""
    command = ["wrk", "-t", "1", "-c", CONNECTIONS, "-d", DURATION]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def under_gunicorn(token: str, url: str, etag: str) -> list[tuple[str, float]]:
    """The cached summary, its 304 and the floor on gunicorn (WORKERS sync workers)."""
    port = int(os.environ.get("PORT", "8617"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.floor_settings"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tracker.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            WORKERS,
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/plain/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        auth = f"Authorization: Token {token}"
        cases = [
            ("`GET /api/v1/summary/` from the cache", url, [auth]),
            ("the same with `If-None-Match` (304)", url, [auth, f"If-None-Match: {etag}"]),
            ("floor: a plain Django view returning the cached body", "/bench/plain/", []),
        ]
        # in turns, so that a neighbour's load on a shared machine weighs on each case alike
        rates: list[list[float]] = [[] for _ in cases]
        for _ in range(ROUNDS):
            for rate, (_, path, headers) in zip(rates, cases, strict=True):
                rate.append(served(port, path, headers))
        return [(case[0], statistics.median(rate)) for case, rate in zip(cases, rates, strict=True)]
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    from django.conf import settings

    settings.ROOT_URLCONF = "bench.floor_urls"
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"] = "100000000/minute"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    city, communes, staff, coordinator, leader, document = make_data()
    rows = []
    assigned = {"n": 0}

    def assign():
        assigned["n"] += 1
        task_assign_many(
            user=coordinator,
            document=document,
            title=f"Giao cho 93 xã {assigned['n']}",
            lead_units=communes,
            supporting_units=[city],
            assigned_on=date(2025, 2, 1),
            deadline=date(2025, 12, 31),
        )

    rows.append(("one task assigned to the 93 communes", *measure(assign)))

    web = Client()
    web.force_login(staff[0], backend="django.contrib.auth.backends.ModelBackend")
    task = Task.objects.filter(lead_unit=communes[0], status=Task.Status.IN_PROGRESS).first()
    percent = {"n": 40}

    def report_web():
        percent["n"] = percent["n"] % 99 + 1
        version = Task.objects.values_list("version", flat=True).get(pk=task.pk)
        response = web.post(
            f"/tasks/{task.pk}/progress/",
            {
                "status": "in_progress",
                "percent": percent["n"],
                "note": "tiến độ",
                "expected_version": version,
            },
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200, response.status_code

    ms, queries = measure(report_web)
    rows.append(("one progress report through the web (HTMX)", ms, queries - 1))  # not the version

    api = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff[0]).key}")

    def report_api():
        percent["n"] = percent["n"] % 99 + 1
        response = api.patch(
            f"/api/v1/tasks/{task.pk}/",
            {"percent": percent["n"]},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content

    rows.append(("one progress report through the API", *measure(report_api)))

    token = Token.objects.create(user=leader).key
    reader = Client(HTTP_AUTHORIZATION=f"Token {token}")
    url = f"/api/v1/summary/?document={document.code}&unit=DN"
    body = reader.get(url)
    cache.set(FLOOR_KEY, body.content, timeout=None)
    etag = body["ETag"]
    rows.append(("`GET /api/v1/summary/` from the cache", *measure(lambda: reader.get(url))))
    rows.append(
        (
            "the same with `If-None-Match` (304)",
            *measure(lambda: reader.get(url, HTTP_IF_NONE_MATCH=etag)),
        )
    )
    rows.append(
        ("floor: a plain Django view, cached body", *measure(lambda: reader.get("/bench/plain/")))
    )

    print(f"Median of {RUNS} runs after a warm-up, through Django's handler (test client).\n")
    print("| what | server time | queries |")
    print("|---|---:|---:|")
    for what, ms, queries in rows:
        print(f"| {what} | {ms:.1f} ms | {queries} |")

    print("\n| dashboard | server time | bare SQL | ratio | target: 2 × SQL + 15 ms |")
    print("|---|---:|---:|---:|---:|")
    for what, page, floor in dashboards(leader, communes[0]):
        target = 2 * floor + 15
        ratio = page / floor
        print(f"| {what} | {page:.1f} ms | {floor:.1f} ms | {ratio:.1f}× | {target:.1f} ms |")

    if shutil.which("wrk"):
        print(
            f"\nGunicorn ({WORKERS} sync workers), wrk -c {CONNECTIONS} -d {DURATION}, median of "
            f"{ROUNDS} rounds; "
            f"summary body {len(body.content):,} bytes.\n"
        )
        print("| request | requests/s | share of the floor |")
        print("|---|---:|---:|")
        results = under_gunicorn(token, url, etag)
        floor = results[-1][1]
        for what, rate in results:
            print(f"| {what} | {rate:,.0f} | {rate / floor:.0%} |")
    else:
        print("\n(wrk not installed: apt-get install -y wrk, for the requests per second)")


if __name__ == "__main__":
    main()
