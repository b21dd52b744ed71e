"""A real PostgreSQL streaming replica, and the dashboards read there (issue 18).

Makes its own primary cluster (initdb, on a free port), loads the demo data, copies it with
`pg_basebackup -R` into a second cluster that runs as a hot standby, then starts gunicorn
with DATABASE_URL on the primary and DATABASE_REPLICA_URL on the replica, and checks over
HTTP, counting the statements each cluster logs:
  - a leader's dashboards and summary read their figures on the replica, sign-in on the primary;
  - a staff member's progress report is written on the primary, and that browser's next
    dashboard reads the primary (it shows the report at once);
  - the replica has the report after a measured lag.
Run as root from the project folder (the clusters run as the `postgres` user):

    .venv/bin/python bench/replica.py
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PG = Path(sorted(Path("/usr/lib/postgresql").iterdir())[-1]) / "bin"
PY = str(ROOT / ".venv" / "bin" / "python")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, **kwargs)


def sql(port: int, query: str, db: str = "postgres") -> str:
    command = [str(PG / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "root", "-d", db]
    return subprocess.run(
        [*command, "-tAc", query], check=True, capture_output=True, text=True
    ).stdout.strip()


def wait_for(condition, timeout: float, what: str) -> float:
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.05)
    return time.monotonic() - start


class Cluster:
    def __init__(self, folder: Path, port: int, log: Path) -> None:
        self.folder, self.port, self.log = folder, port, log

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder.parent} -c listen_addresses=127.0.0.1"
        options += " -c log_statement=all -c log_line_prefix=db=%d: -c logging_collector=off"
        as_postgres(
            str(PG / "pg_ctl"),
            "-D",
            str(self.folder),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "start",
            stdout=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(PG / "pg_ctl"),
                "-D",
                str(self.folder),
                "-m",
                "fast",
                "-w",
                "stop",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def statements(self, db: str) -> list[str]:
        return [
            line.split("statement: ", 1)[1]
            for line in self.log.read_text(errors="replace").splitlines()
            if line.startswith(f"db={db}:") and "statement: " in line
        ]


def figures_reads(statements: list[str]) -> int:
    return sum(1 for s in statements if s.startswith("SELECT") and '"tasks_task"' in s)


def completed_in(dashboard: str) -> int:
    return int(re.search(r"đã hoàn thành (\d+) nhiệm vụ", dashboard).group(1))


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def sign_in(url: str, username: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{url}/login/").text
    browser.post(
        f"{url}/login/",
        data={
            "username": username,
            "password": "demo",
            "csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken"),
        },
        headers={"Referer": f"{url}/login/"},
    ).raise_for_status()
    assert "sessionid" in browser.cookies
    return browser


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="tracker-replica-"))
    shutil.chown(work, "postgres")
    primary = Cluster(work / "primary", free_port(), work / "primary.log")
    replica = Cluster(work / "replica", free_port(), work / "replica.log")
    for log in (primary.log, replica.log):
        log.touch()
        shutil.chown(log, "postgres")
    web = None
    try:
        as_postgres(
            str(PG / "initdb"),
            "-D",
            str(primary.folder),
            "-A",
            "trust",
            "-U",
            "postgres",
            stdout=subprocess.DEVNULL,
        )
        with (primary.folder / "pg_hba.conf").open("a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        primary.start()
        subprocess.run(
            [
                str(PG / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(primary.port),
                "-U",
                "postgres",
                "-c",
                "CREATE ROLE root SUPERUSER LOGIN REPLICATION",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        sql(primary.port, "CREATE DATABASE tracker")
        base = f"postgres://root@127.0.0.1:{primary.port}/tracker"
        env = {
            **os.environ,
            "DATABASE_URL": base,
            "SECRET_KEY": "bench-only-secret-key",
            "DEMO_DATA_ALLOWED": "true",
            "REDIS_URL": "",
            "EMAIL_URL": "dummymail://",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        }
        subprocess.run([PY, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [PY, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )

        copy = time.monotonic()
        as_postgres(
            str(PG / "pg_basebackup"),
            "-h",
            "127.0.0.1",
            "-p",
            str(primary.port),
            "-U",
            "root",
            "-D",
            str(replica.folder),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        )
        replica.start()
        print(f"pg_basebackup and replica start: {time.monotonic() - copy:.1f} s")
        assert sql(replica.port, "SELECT pg_is_in_recovery()") == "t"
        assert sql(primary.port, "SELECT count(*) FROM pg_stat_replication") == "1"

        port = free_port()
        url = f"http://127.0.0.1:{port}"
        web_env = {
            **env,
            "DATABASE_REPLICA_URL": f"postgres://root@127.0.0.1:{replica.port}/tracker",
            "DEBUG": "false",
        }
        web = subprocess.Popen(
            [
                PY,
                "-m",
                "gunicorn",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "2",
                "tracker.wsgi:application",
            ],
            cwd=ROOT,
            env=web_env,
            start_new_session=True,
            stderr=subprocess.DEVNULL,
        )
        wait_for(
            lambda: requests.get(f"{url}/healthz", timeout=5).ok if _up(url) else False,
            60,
            "gunicorn",
        )
        document = sql(
            primary.port,
            "SELECT id FROM resolutions_document WHERE code = '57-NQ/TW' ORDER BY id LIMIT 1",
            "tracker",
        )

        leader = sign_in(url, "leader")
        before_p, before_r = (len(c.statements("tracker")) for c in (primary, replica))
        for path in ("/", f"/reports/documents/{document}/", "/api/v1/summary/?document=57-NQ/TW"):
            leader.get(f"{url}{path}").raise_for_status()
        on_primary = figures_reads(primary.statements("tracker")[before_p:])
        on_replica = figures_reads(replica.statements("tracker")[before_r:])
        print(
            f"leader's overview, dashboard and summary: task reads on the replica "
            f"{on_replica}, on the primary {on_primary}"
        )
        assert on_replica > 0 and on_primary == 0

        staff = sign_in(url, "staff")
        task = sql(
            primary.port,
            "SELECT t.id FROM tasks_task t JOIN resolutions_unit u ON "
            "u.id = t.lead_unit_id WHERE u.code = 'DN-SKHCN' AND t.status = "
            "'in_progress' AND t.document_id = " + document + " ORDER BY t.id LIMIT 1",
            "tracker",
        )
        page = staff.get(f"{url}/tasks/{task}/").text
        completed_before = leader.get(f"{url}/api/v1/summary/?document=57-NQ/TW").json()[
            "completed"
        ]
        own_before = completed_in(staff.get(f"{url}/reports/documents/{document}/").text)
        before_p, before_r = (len(c.statements("tracker")) for c in (primary, replica))
        written = time.monotonic()
        answer = staff.post(
            f"{url}/tasks/{task}/progress/",
            data={
                "csrfmiddlewaretoken": staff.cookies["csrftoken"],
                "status": "completed",
                "percent": "100",
                "note": "Đã hoàn thành",
                "output": "Quyết định đã ban hành, đính kèm bản chụp",
                "expected_version": hidden(page, "expected_version"),
                "idempotency_key": hidden(page, "idempotency_key"),
            },
            headers={"Referer": f"{url}/tasks/{task}/"},
        )
        answer.raise_for_status()
        mark_p, mark_r = (len(c.statements("tracker")) for c in (primary, replica))
        dashboard = staff.get(f"{url}/reports/documents/{document}/").text
        own_on_replica = figures_reads(replica.statements("tracker")[mark_r:])
        own_on_primary = figures_reads(primary.statements("tracker")[mark_p:])
        print(
            f"staff's dashboard right after the report: task reads on the primary "
            f"{own_on_primary}, on the replica {own_on_replica}"
        )
        assert own_on_replica == 0 and own_on_primary > 0
        status = sql(primary.port, f"SELECT status FROM tasks_task WHERE id = {task}", "tracker")
        assert status == "completed", answer.text[-2000:]
        assert completed_in(dashboard) == own_before + 1  # the report shows at once

        lag = wait_for(
            lambda: (
                sql(replica.port, f"SELECT status FROM tasks_task WHERE id = {task}", "tracker")
                == "completed"
            ),
            30,
            "the replica to replay the report",
        )
        lag_from_write = time.monotonic() - written
        print(
            f"replica shows the report {lag:.3f} s after the staff's next page "
            f"({lag_from_write:.3f} s after the POST began)"
        )
        after = leader.get(f"{url}/api/v1/summary/?document=57-NQ/TW").json()["completed"]
        print(f"leader's summary (replica): completed {completed_before} -> {after}")
        assert after == completed_before + 1
        print("OK: lagging reads on the replica, the writer's next page on the primary")
    finally:
        if web is not None:
            os.killpg(web.pid, signal.SIGTERM)
            web.wait(30)
        replica.stop()
        primary.stop()
        shutil.rmtree(work, ignore_errors=True)


def _up(url: str) -> bool:
    try:
        requests.get(f"{url}/healthz", timeout=5)
    except requests.RequestException:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
