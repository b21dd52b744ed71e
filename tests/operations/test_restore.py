"""A backup as the runbook takes it (pg_dump, custom format) of a populated database,
restored with pg_restore into an empty database, gives the same summary for every document
(`manage.py summaries`, the answers of /api/v1/summary/)."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from shutil import which

import pytest
from django.db import connection

from tests.servers import PROJECT, needs_postgresql

pytestmark = [
    needs_postgresql,
    pytest.mark.skipif(not which("pg_restore"), reason="needs PostgreSQL's client programs"),
    pytest.mark.django_db,
]


def _where() -> list[str]:
    db = connection.settings_dict
    return ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]


def _summaries(database: str) -> dict:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{database}"
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": "", "SECRET_KEY": "test-only"}
    command = [sys.executable, "manage.py", "summaries", "--as-of", "2025-09-30"]
    run = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_a_restored_backup_gives_the_same_summary_for_every_document(seeded):
    source = connection.settings_dict["NAME"]
    target = f"{source}_restored"
    dump = Path(tempfile.mkdtemp(prefix="backup-")) / "tracker.dump"
    subprocess.run(["pg_dump", *_where(), "-Fc", "-f", str(dump), source], check=True)
    subprocess.run(["dropdb", *_where(), "--if-exists", target], check=True)
    subprocess.run(["createdb", *_where(), target], check=True)
    try:
        restore = ["pg_restore", *_where(), "--no-owner", "--exit-on-error", "-d", target]
        subprocess.run([*restore, str(dump)], check=True)
        before, after = _summaries(source), _summaries(target)
    finally:
        subprocess.run(["dropdb", *_where(), "--if-exists", target], check=True)
    assert after == before
    resolution_57 = next(s for s in after.values() if s["document"] == "57-NQ/TW")
    assert (resolution_57["total"], resolution_57["completed"]) == (75, 32)
    assert len(after) >= 4  # every document of the demo data
