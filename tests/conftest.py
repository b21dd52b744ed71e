import tempfile

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from resolutions.models import Membership
from tests.demo_data import DAY, SEEDED_AT, load_demo
from tests.factories import UnitFactory, UserFactory
from tracker.celery import app as celery_app

# The day every test lives on, unless it says otherwise: the demo's.
TODAY = DAY


@pytest.fixture(scope="session", autouse=True)
def _test_settings():
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Celery runs in-process, even with REDIS_URL set, so tests leave nothing in a shared
    # Redis; tests/tasks/test_celery_worker.py turns this off around its real worker.
    celery_app.conf.task_always_eager = True
    settings.EVIDENCE_ROOT = tempfile.mkdtemp(prefix="evidence-")
    # live_server and the test client serve plain names, not WhiteNoise's hashed ones.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _frozen():
    return time_machine.travel(SEEDED_AT, tick=False)


@pytest.fixture
def today():
    with _frozen():
        yield TODAY


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo data, loaded once for a module and committed; tests still need `db`."""
    with django_db_blocker.unblock():
        load_demo()
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def unit(db):
    return UnitFactory(code="DN-SKHCN", name="Sở Khoa học và Công nghệ")


@pytest.fixture
def other_unit(db):
    return UnitFactory(code="DN-SNV", name="Sở Nội vụ")


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coord", role=Membership.Role.COORDINATOR)


@pytest.fixture
def leader(db):
    return UserFactory(username="boss", role=Membership.Role.LEADER)


@pytest.fixture
def staff(db, unit):
    return UserFactory(username="clerk", role=Membership.Role.STAFF, role__unit=unit)


# A bulk insert of many rows is one statement on PostgreSQL; SQLite takes at most 999
# parameters a statement, so Django splits it there and the query count grows with the rows.
one_statement_per_bulk_insert = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite splits a bulk insert of many rows"
)
