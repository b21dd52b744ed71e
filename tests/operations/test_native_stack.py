"""The production stack as `bin/stack` runs it (gunicorn, two Celery workers and beat, as
real processes) against this test's PostgreSQL, a private Redis and an SMTP sink, walked
over HTTP as its users would: sign in, report progress, read the dashboard, pull the
summary with a token, and the coordinator's notification arrives by e-mail."""

import contextlib
import os
import re
import signal
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from operations.models import JobRun
from resolutions.models import Membership
from tasks.models import Task
from tests.factories import DocumentFactory, TaskFactory, UnitFactory, UserFactory
from tests.servers import (
    PROJECT,
    _database_url,
    free_port,
    needs_postgresql,
    needs_redis_server,
    redis_server,
    smtp_sink,
    wait_for,
)

pytestmark = [needs_redis_server, needs_postgresql, pytest.mark.django_db(transaction=True)]
Role = Membership.Role


class Stack:
    """`bin/stack` in its own process group, its output in a file."""

    def __init__(self, redis_url: str, smtp_port: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = Path(tempfile.mkdtemp(prefix="stack-"))
        self.log = self.folder / "stack.log"
        self.env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "REDIS_URL": redis_url,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "SECRET_KEY": "test-only-secret-key",
            "C_FORCE_ROOT": "1",
            "BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "2",
            "WORKER_CONCURRENCY": "1",
            "STACK_SKIP_SETUP": "1",
            "STACK_RUN_DIR": str(self.folder),
            "STATIC_ROOT": str(self.folder / "static"),
            # copied, not compressed: compressing takes a minute on a loaded machine
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "DEBUG": "false",
            "LOG_FORMAT": "json",
        }
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Stack":
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(PROJECT / "bin" / "stack")],
                cwd=PROJECT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(self._answers, 120, "bin/stack to answer /healthz")
        return self

    def _answers(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            pytest.fail(f"bin/stack exited:\n{self.output()[-3000:]}")
        try:
            return requests.get(f"{self.url}/healthz", timeout=30).status_code in (200, 503)
        except requests.RequestException:
            return False

    def __exit__(self, *exc) -> None:
        assert self.process is not None
        if exc[0] is not None:
            print(self.output()[-5000:])  # shown by pytest with the failure
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def _hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no {name} in the page"
    return match.group(1)


def _sign_in(stack: Stack, username: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{stack.url}/login/", timeout=30).text
    answer = browser.post(
        f"{stack.url}/login/",
        data={
            "username": username,
            "password": "demo",
            "csrfmiddlewaretoken": _hidden(page, "csrfmiddlewaretoken"),
        },
        headers={"Referer": f"{stack.url}/login/"},
        timeout=30,
    )
    assert answer.status_code == 200 and "sessionid" in browser.cookies, answer.text[:500]
    return browser


def _data() -> Task:
    city = UnitFactory(code="DN", name="Thành phố Đà Nẵng")
    department = UnitFactory(code="DN-SKHCN", name="Sở Khoa học và Công nghệ", parent=city)
    UserFactory(username="staff", role=Role.STAFF, role__unit=department)
    UserFactory(
        username="coordinator",
        email="vanphong@danang.gov.vn",
        role=Role.COORDINATOR,
        role__unit=city,
    )
    UserFactory(username="leader", role=Role.LEADER, role__unit=city)
    # the tests hash with MD5 (fast); the stack knows only production's hashers
    password = PBKDF2PasswordHasher().encode("demo", "stacksalt", iterations=1000)
    get_user_model().objects.update(password=password)
    document = DocumentFactory(code="57-NQ/TW")
    today = timezone.localdate()
    dates = {"assigned_on": today - timedelta(days=30), "deadline": today + timedelta(days=60)}
    TaskFactory.create_batch(2, document=document, lead_unit=department, **dates)
    return TaskFactory(
        document=document,
        lead_unit=department,
        status=Task.Status.IN_PROGRESS,
        percent=60,
        **dates,
    )


def _beat_behind() -> None:
    """The delivery job as the migration installs it, last sent an hour ago: /healthz calls
    it stale until beat, running, sends it again."""
    every, _ = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
    PeriodicTask.objects.update_or_create(
        name="Deliver pending notifications",
        defaults={"task": "tasks.tasks.deliver_notifications", "interval": every},
    )
    PeriodicTask.objects.filter(name="Deliver pending notifications").update(
        last_run_at=timezone.now() - timedelta(hours=1)
    )


def test_the_native_stack_serves_the_whole_journey():
    task = _data()
    _beat_behind()
    started = timezone.now()
    with redis_server() as redis, smtp_sink() as sink, Stack(redis.url, sink.port) as stack:
        # beat sends the overdue delivery run, and /healthz turns healthy
        wait_for(
            lambda: requests.get(f"{stack.url}/healthz", timeout=30).status_code == 200,
            90,
            "beat to catch up and /healthz to be healthy",
        )
        staff = _sign_in(stack, "staff")
        page = staff.get(f"{stack.url}/tasks/{task.pk}/", timeout=30).text
        answer = staff.post(
            f"{stack.url}/tasks/{task.pk}/progress/",
            data={
                "csrfmiddlewaretoken": staff.cookies["csrftoken"],
                "status": Task.Status.COMPLETED,
                "percent": "100",
                "note": "Đã hoàn thành",
                "expected_version": _hidden(page, "expected_version"),
                "idempotency_key": _hidden(page, "idempotency_key"),
            },
            headers={"Referer": f"{stack.url}/tasks/{task.pk}/"},
            timeout=30,
        )
        assert answer.status_code == 200

        leader = _sign_in(stack, "leader")
        dashboard = leader.get(
            f"{stack.url}/reports/documents/{task.document_id}/", timeout=30
        ).text
        assert "Được giao 3 nhiệm vụ; đến nay đã hoàn thành 1 nhiệm vụ" in dashboard

        token = requests.post(
            f"{stack.url}/api/v1/auth/token/",
            json={"username": "leader", "password": "demo"},
            timeout=30,
        ).json()["token"]
        summary = requests.get(
            f"{stack.url}/api/v1/summary/",
            params={"document": "57-NQ/TW"},
            headers={"Authorization": f"Token {token}"},
            timeout=30,
        ).json()
        assert (summary["total"], summary["completed"]) == (3, 1)

        wait_for(
            lambda: any(rcpt == "vanphong@danang.gov.vn" for rcpt, _ in sink.received),
            60,
            "the coordinator's e-mail",
        )
        metrics = requests.get(f"{stack.url}/metrics", timeout=30).text
        output = stack.output()
    assert sink.received == [("vanphong@danang.gov.vn", f"Báo cáo hoàn thành: {task.title}")]
    beat_sent = PeriodicTask.objects.get(name="Deliver pending notifications").last_run_at
    assert beat_sent > started  # the beat process sent the job and recorded it
    delivery = JobRun.objects.get(name="tasks.tasks.deliver_notifications")
    assert delivery.runs >= 1 and delivery.last_succeeded
    assert 'tracker_job_runs_total{job="tasks.tasks.deliver_notifications"}' in metrics
    requests_by_view = r'django_http_requests_total_by_view_transport_method_total\{.*"reports:'
    assert re.search(requests_by_view, metrics)
    assert '"levelname": "INFO"' in output  # LOG_FORMAT=json: the stack logs JSON lines
