"""The people of the load test, on bench/generate.py's national data set: 50 staff, each in
a department of a different province (P01-S01 … P34-S01, P01-S02 … P16-S02) with 20 of its
open tasks; 200 leaders, each at a province; 3 coordinators, who are told of completions.
Tokens and sessions are made here, so signing in (a slow password hash by design) is not
what the load measures. Writes the plan as JSON for bench/locustfile.py.

    DATABASE_URL=… .venv/bin/python bench/load_prepare.py plan.json
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

STAFF, LEADERS, COORDINATORS, TASKS_EACH = 50, 200, 3, 20


def main(out: str) -> None:
    import django

    django.setup()
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from resolutions.models import Document, Membership, Unit
    from tasks.models import Task

    users = get_user_model()
    users.objects.filter(username__startswith="load-").delete()  # a second run starts anew
    today = timezone.localdate()
    role = Membership.Role

    def person(username: str, unit: Unit, kind: str, email: str = "") -> dict:
        user = users.objects.create(username=username, email=email)
        Membership.objects.create(user=user, unit=unit, role=kind)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return {
            "username": username,
            "token": Token.objects.create(user=user).key,
            "session": session.session_key,
        }

    provinces = list(Unit.objects.filter(kind="province").order_by("code"))
    departments = [f"{p.code}-S01" for p in provinces] + [f"{p.code}-S02" for p in provinces]
    staff = []
    for n, code in enumerate(departments[:STAFF]):
        unit = Unit.objects.get(code=code)
        open_tasks = Task.objects.filter(
            lead_unit=unit, status=Task.Status.IN_PROGRESS, deadline__gt=today
        ).order_by("pk")
        tasks = list(open_tasks.values_list("pk", flat=True)[:TASKS_EACH])
        assert len(tasks) >= 10, f"{code} has only {len(tasks)} open tasks"
        staff.append(person(f"load-staff-{n}", unit, role.STAFF) | {"tasks": tasks})
    leaders = [
        person(f"load-leader-{n}", provinces[n % len(provinces)], role.LEADER)
        | {"province": provinces[n % len(provinces)].pk}
        for n in range(LEADERS)
    ]
    for n in range(COORDINATORS):
        person(f"load-coordinator-{n}", provinces[0], role.COORDINATOR, f"coord{n}@load.invalid")
    biggest = Document.objects.annotate(n=Count("tasks")).order_by("-n").first()
    plan = {
        "started_at": timezone.now().isoformat(),
        "today": today.isoformat(),
        "document": biggest.pk,
        "document_code": biggest.code,
        "staff": staff,
        "leaders": leaders,
    }
    Path(out).write_text(json.dumps(plan, indent=1))
    print(
        f"{len(staff)} staff, {len(leaders)} leaders, {COORDINATORS} coordinators; "
        f"the leaders read {biggest.code} ({biggest.n} tasks)"
    )


if __name__ == "__main__":
    main(sys.argv[1])
