"""Real servers started by tests on free loopback ports: a Redis that can be stopped and
started again, an SMTP sink that keeps what it receives, and a Celery worker process (with
beat if asked) that reads this test's database. No mocks: each is the real program."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path
from shutil import which

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.test import override_settings
from kombu import pools

from tracker.celery import app

REDIS_SERVER = which("redis-server") or "/usr/bin/redis-server"
PROJECT = Path(__file__).resolve().parent.parent
needs_redis_server = pytest.mark.skipif(
    not os.access(REDIS_SERVER, os.X_OK), reason="needs Debian's redis-server binary"
)
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a worker process must reach the test's database: PostgreSQL (CI runs it)",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout: float = 60, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


class RedisServer:
    """A private redis-server on a free port; with `persistent`, it keeps its data across a
    stop and start (append-only file), as the production compose file runs it."""

    def __init__(self, persistent: bool = False) -> None:
        self.persistent = persistent
        self.folder = tempfile.mkdtemp(prefix="redis-")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        args = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--save", "", "--dir", self.folder]
        args += ["--appendonly", "yes", "--appendfsync", "always"] if self.persistent else []
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL)
        wait_for(self._answers, 10, "redis-server to answer")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


def cache_at(url: str):
    """The app's cache (tracker.failsafe_cache) on the Redis at `url`."""
    return override_settings(
        CACHES={
            "default": {
                "BACKEND": "tracker.failsafe_cache.FailSafeRedisCache",
                "LOCATION": url,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
    )


@contextmanager
def redis_server(persistent: bool = False):
    server = RedisServer(persistent)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class _Keep:
    """aiosmtpd handler: keeps each message's recipients and subject; waits `delay`
    seconds before answering, so a test can act while messages are in flight; with
    `refuse_recipients`, refuses every recipient for good (550)."""

    def __init__(self, delay: float, refuse_recipients: bool) -> None:
        self.delay = delay
        self.refuse_recipients = refuse_recipients
        self.received: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_recipients:
            return "550 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        await asyncio.sleep(self.delay)
        message = message_from_bytes(envelope.content)
        subject = str(make_header(decode_header(message["Subject"] or "")))
        with self.lock:
            self.received.extend((rcpt, subject) for rcpt in envelope.rcpt_tos)
        return "250 OK"


class SmtpSink:
    def __init__(self, delay: float = 0.0, refuse_recipients: bool = False) -> None:
        self.handler = _Keep(delay, refuse_recipients)
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def received(self) -> list[tuple[str, str]]:
        with self.handler.lock:
            return list(self.handler.received)

    def counts(self) -> Counter:
        return Counter(self.received)


@contextmanager
def smtp_sink(delay: float = 0.0, refuse_recipients: bool = False):
    sink = SmtpSink(delay, refuse_recipients)
    sink.controller.start()
    try:
        yield sink
    finally:
        sink.controller.stop()


def _database_url() -> str:
    db = connection.settings_dict
    user = db["USER"] or "root"
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class CeleryWorker:
    """`celery -A tracker worker` (prefork, `concurrency` processes; with `beat`, beat runs
    inside it) on the given Redis and SMTP port, against this test's database."""

    def __init__(self, *, redis_url: str, smtp_port: int, concurrency: int, beat: bool):
        self.log = Path(tempfile.mkstemp(prefix="celery-", suffix=".log")[1])
        self.env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "REDIS_URL": redis_url,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "SECRET_KEY": "test-only-secret-key",
            "C_FORCE_ROOT": "1",
        }
        self.args = [sys.executable, "-m", "celery", "-A", "tracker", "worker"]
        self.args += ["--pool", "prefork", "--concurrency", str(concurrency)]
        self.args += ["--loglevel", "INFO", "--without-gossip", "--without-mingle"]
        self.args += ["--hostname", f"test-{os.getpid()}-{free_port()}@%h"]
        if beat:
            schedule = tempfile.mkstemp(prefix="beat-")[1]
            self.args += ["--beat", "--schedule", schedule]
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.args,
                cwd=PROJECT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, killed as one
            )

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(30)
            self.kill()  # what is left of its group (the embedded beat), so no connection stays

    def kill(self) -> None:
        """SIGKILL to the worker and its pool processes at once: no chance to clean up."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
            self.process = None

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def celery_worker(*, redis_url: str, smtp_port: int, concurrency: int = 1, beat: bool = False):
    worker = CeleryWorker(
        redis_url=redis_url, smtp_port=smtp_port, concurrency=concurrency, beat=beat
    )
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()


def reset_broker_connections() -> None:
    """Forget every broker connection, kombu's shared pools included: a pool closed here and
    still held there would refuse every later publish ("Acquire on closed pool")."""
    app.amqp._producer_pool = None
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    pools.reset()


@contextmanager
def broker(url: str, **transport_options):
    """Point this process's Celery app at `url` for producers (not eager any more)."""
    saved = app.conf.broker_url, app.conf.broker_transport_options, app.conf.task_always_eager
    app.conf.broker_url = url
    app.conf.broker_transport_options = {**saved[1], **transport_options}
    app.conf.task_always_eager = False
    reset_broker_connections()
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.broker_transport_options, app.conf.task_always_eager = saved
        reset_broker_connections()
