"""Instructions per request of the cached summary, its 304 and the plain Django view (the
floor of bench/constant_costs.py), counted by valgrind's callgrind: unlike requests per
second on a shared machine, the same code gives the same count whatever else runs.

Run by bench/summary_instructions.sh. Each case runs in its own process twice, with WARM
and with WARM + RUNS requests after the warm-up; the difference over RUNS is the cost of one
request through Django's handler (the test client's own work included, as in both cases)."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ("floor", "304", "summary")
WARM, RUNS = 20, 200


def serve(case: str, requests: int) -> None:
    """In the measured process: the data if missing, then `requests` requests of `case`."""
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.floor_settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from bench.constant_costs import make_data
    from bench.floor_urls import FLOOR_KEY

    users = get_user_model().objects
    if not users.filter(username="leader").exists():
        make_data()
    token, _ = Token.objects.get_or_create(user=users.get(username="leader"))
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    url = "/api/v1/summary/?document=1-NQ/TU&unit=DN"
    body = client.get(url)
    cache.set(FLOOR_KEY, body.content, timeout=None)
    calls = {
        "floor": lambda: client.get("/bench/plain/"),
        "304": lambda: client.get(url, HTTP_IF_NONE_MATCH=body["ETag"]),
        "summary": lambda: client.get(url),
    }
    for _ in range(WARM + requests):
        calls[case]()


def counted(case: str, requests: int) -> int:
    """Instructions callgrind counts in a process serving `requests` requests of `case`."""
    out = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            case,
            str(requests),
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},  # the same dict and set orders every run
    ).stderr
    return int(re.search(r"Collected : (\d+)", out).group(1))


def main() -> None:
    subprocess.run([sys.executable, __file__, "floor", "0"], check=True)  # the data, uncounted
    costs = {case: (counted(case, RUNS) - counted(case, 0)) / RUNS for case in CASES}
    print("| request | instructions a request | share of the floor |")
    print("|---|---:|---:|")
    for case in CASES:
        print(f"| {case} | {costs[case] / 1e6:.2f} M | {costs['floor'] / costs[case]:.0%} |")


if __name__ == "__main__":
    if len(sys.argv) == 3:
        serve(sys.argv[1], int(sys.argv[2]))
    else:
        main()
