"""The reporting peak on loopback (bench/load.sh runs it; never imported by pytest).

50 staff report progress through the API, each on its own tasks, one report every
STAFF_PACING seconds (3); the first report and every fourth after it is a completion,
which tells the coordinators by e-mail. 200 leaders read one page every LEADER_PACING
seconds (30): their province's dashboard of the largest document (two in three) or its
summary through the API (one in three); with LEADER_OVERVIEW=1 the overview too. Every
accepted report is written to ACCEPTED_FILE for bench/load_check.py to find in the history.
"""

import itertools
import json
import os
import threading
from pathlib import Path

from locust import HttpUser, constant_pacing, events, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
STAFF = itertools.cycle(PLAN["staff"])
LEADERS = itertools.cycle(PLAN["leaders"])
# open for the whole run, closed when locust quits
_accepted = open(os.environ["ACCEPTED_FILE"], "a")  # noqa: SIM115
_lock = threading.Lock()
TIMEOUT = 60


@events.quitting.add_listener
def _close(environment, **kwargs):
    _accepted.close()


class Staff(HttpUser):
    weight = 50
    wait_time = constant_pacing(float(os.environ.get("STAFF_PACING", "3")))

    def on_start(self):
        self.me = next(STAFF)
        self.open = list(self.me["tasks"])
        self.reports = 0
        self.headers = {"Authorization": f"Token {self.me['token']}"}

    @task
    def report_progress(self):
        if not self.open:
            return
        self.reports += 1
        task_id = self.open[self.reports % len(self.open)]
        note = f"{self.me['username']} báo cáo lần {self.reports}"
        completes = self.reports % 4 == 1 and len(self.open) > 1
        body = (
            {"status": "completed", "percent": 100, "completed_on": PLAN["today"]}
            if completes
            else {"status": "in_progress", "percent": 1 + self.reports % 98}
        ) | {"note": note}
        with self.client.patch(
            f"/api/v1/tasks/{task_id}/",
            json=body,
            headers=self.headers,
            name="PATCH /api/v1/tasks/{id}/",
            timeout=TIMEOUT,
            catch_response=True,
        ) as answer:
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code} {answer.text[:200]}")
                return
            with _lock:
                _accepted.write(json.dumps({"task": task_id, "note": note} | body) + "\n")
                _accepted.flush()
            if completes:
                self.open.remove(task_id)


class Leader(HttpUser):
    weight = 200
    wait_time = constant_pacing(float(os.environ.get("LEADER_PACING", "30")))

    def on_start(self):
        self.me = next(LEADERS)
        self.client.cookies.set("sessionid", self.me["session"])
        self.headers = {"Authorization": f"Token {self.me['token']}"}

    @task(2 if os.environ.get("LEADER_OVERVIEW") == "1" else 0)
    def overview(self):
        self.client.get("/", name="GET / (overview)", timeout=TIMEOUT)

    @task(2)
    def document_dashboard(self):
        self.client.get(
            f"/reports/documents/{PLAN['document']}/?parent={self.me['province']}",
            name="GET /reports/documents/{id}/ (a province)",
            timeout=TIMEOUT,
        )

    @task(1)
    def summary(self):
        self.client.get(
            f"/api/v1/summary/?document={PLAN['document']}",
            headers=self.headers,
            name="GET /api/v1/summary/",
            timeout=TIMEOUT,
        )
