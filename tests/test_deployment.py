"""The production files stay true to the app: every compose command runs something it has."""

from pathlib import Path

import yaml
from celery import Celery
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_five_services():
    assert set(compose()["services"]) == {"web", "worker", "beat", "db", "redis"}


def test_every_service_has_a_health_check_or_is_beat():
    services = compose()["services"]
    assert all("healthcheck" in services[name] for name in ("web", "worker", "db", "redis"))


def test_web_serves_the_wsgi_app_of_this_project():
    command = compose()["services"]["web"]["command"]
    module, app = command.split("gunicorn ")[1].split()[0].split(":")
    assert (ROOT / Path(*module.split("."))).with_suffix(".py").exists()
    assert app == "application"


def test_celery_commands_name_the_project_app():
    from tracker import celery_app

    services = compose()["services"]
    for name in ("worker", "beat"):
        assert services[name]["command"].startswith("celery -A tracker ")
    assert isinstance(celery_app, Celery)
    assert settings.CELERY_BEAT_SCHEDULER in services["beat"]["command"]


def test_app_services_get_database_and_broker_from_the_environment():
    services = compose()["services"]
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"].startswith("redis://redis:")
