"""The constant costs of issue 17, side by side in one run: writes and the cached summary
against the framework's floor. Run by bench/constant_costs.sh (its own database).

Every figure is the whole request through Django's handler (the test client: middleware,
session or token, every query, rendering), the median of RUNS runs after a warm-up, and
the number of queries it made. The floor of the cached summary is a plain Django view
returning a body of the same size from the same cache, through the same handler.
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

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import include, path  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from resolutions.models import Document, Membership, Unit  # noqa: E402
from tasks.models import Task  # noqa: E402
from tasks.services import task_assign_many  # noqa: E402

RUNS = 15
COMMUNES = 93
FLOOR_KEY = "bench17:floor"


def plain_view(request):
    """The floor: a plain Django view returning a cached body of the summary's size."""
    return HttpResponse(cache.get(FLOOR_KEY), content_type="application/json")


urlpatterns = [path("bench/plain/", plain_view), path("", include("tracker.urls"))]


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
    document = Document.objects.create(
        code="5-NQ/TU",
        doc_type="NQ",
        issuer="TU",
        number=5,
        issued_on=date(2025, 1, 2),
        title="Nghị quyết về chuyển đổi số",
    )
    # 252 tasks, as a commune's plan holds (issue 17)
    for n in range(252):
        task_assign_many(
            user=coordinator,
            document=document,
            title=f"Nhiệm vụ {n}",
            lead_units=[communes[n % COMMUNES]],
            assigned_on=date(2025, 1, 10),
            deadline=date(2026, 12, 31),
        )
    return city, communes, staff, coordinator, leader, document


def main() -> None:
    from django.conf import settings

    settings.ROOT_URLCONF = sys.modules[__name__]
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"] = "100000000/minute"
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
    web.force_login(staff[0], backend="accounts.backends.ModelBackend")
    task = Task.objects.filter(lead_unit=communes[0]).first()
    percent = {"n": 0}

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
    rows.append(("one progress report through the web (HTMX)", ms, queries - 1))

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

    reader = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=leader).key}")
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

    print(f"Summary body: {len(body.content):,} bytes; median of {RUNS} runs after a warm-up.")
    print()
    print("| what | server time | queries |")
    print("|---|---:|---:|")
    for what, ms, queries in rows:
        print(f"| {what} | {ms:.1f} ms | {queries} |")


if __name__ == "__main__":
    main()
