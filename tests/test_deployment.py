"""The production files stay true to the app: every compose command runs something it has."""

import re
from pathlib import Path

import pytest
import yaml
from celery import Celery
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


WORKERS = ("worker", "worker-reports")  # issue 18: queues by kind of work


def test_compose_has_the_six_services():
    assert set(compose()["services"]) == {"web", *WORKERS, "beat", "db", "redis"}


def test_every_service_has_a_health_check_or_is_beat():
    services = compose()["services"]
    assert all("healthcheck" in services[name] for name in ("web", *WORKERS, "db", "redis"))


def test_the_workers_consume_every_queue():
    from tracker.queues import QUEUE_NAMES

    services = compose()["services"]
    consumed = set()
    for name in WORKERS:
        words = services[name]["command"].split()
        consumed |= set(words[words.index("--queues") + 1].split(","))
    assert consumed == set(QUEUE_NAMES)


def test_web_serves_the_wsgi_app_of_this_project():
    command = compose()["services"]["web"]["command"]
    module, app = command.split()[-1].strip('"').split(":")
    assert (ROOT / Path(*module.split("."))).with_suffix(".py").exists()
    assert app == "application"


def test_celery_commands_name_the_project_app():
    from tracker import celery_app

    services = compose()["services"]
    for name in (*WORKERS, "beat"):
        assert services[name]["command"].startswith("celery -A tracker ")
    assert isinstance(celery_app, Celery)
    assert settings.CELERY_BEAT_SCHEDULER in services["beat"]["command"]


def test_app_services_get_database_and_broker_from_the_environment():
    services = compose()["services"]
    for name in ("web", *WORKERS, "beat"):
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"].startswith("redis://redis:")


# issue 12: production headers from the environment.
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k7Qx-production-like-secret-key-with-enough-length-and-variety-9f2LzP0w",
    "ALLOWED_HOSTS": "theodoi.danang.gov.vn",
    "SECURE_COOKIES": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "SECURE_PROXY_SSL_HEADER": "true",
}


def _check_deploy(environment: dict[str, str]):
    import os
    import subprocess
    import sys

    # The test command's own switches (async-unsafe for Playwright) are not production's.
    dropped = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**env, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _check_deploy(PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_hsts_and_the_https_redirect():
    insecure = {**PRODUCTION, "SECURE_HSTS_SECONDS": "0", "SECURE_SSL_REDIRECT": "false"}
    result = _check_deploy(insecure)
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


@pytest.fixture
def https_only(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(client, https_only):
    response = client.get("/login/")
    assert response.status_code == 301 and response.url.startswith("https://")


@pytest.mark.django_db
def test_https_through_the_proxy_is_served_with_hsts(client, https_only):
    response = client.get("/login/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_the_image_installs_the_debian_packages_the_app_needs():
    # bin/setup's packages for the app itself (those before its test-only block)
    app_part = (ROOT / "bin" / "setup").read_text().split('"$want_test" = "--test"')[0]
    needed = set(re.findall(r"packages\+=\(([\w.-]+)\)", app_part))
    assert {"libmagic1", "fonts-liberation2"} <= needed
    assert needed <= set((ROOT / "Dockerfile").read_text().split())
