"""The app's settings with bench/floor_urls.py (benchmarks only)."""

from tracker.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"token": "100000000/minute"}  # noqa: F405
