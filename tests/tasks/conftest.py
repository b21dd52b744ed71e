import pytest

from tracker.celery import app as celery_app


@pytest.fixture
def eager_celery():
    """Run Celery tasks in-process, as the embedded default does, even when the suite runs
    with REDIS_URL set: these tests are about the services, not the broker."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before
