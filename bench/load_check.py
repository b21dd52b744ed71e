"""After a load run: no lost update and no lost notification.

- every report the API accepted (ACCEPTED_FILE, written by bench/locustfile.py) is in the
  task's history, with its note;
- each task stands as its last accepted report left it (status and percent);
- every notification made during the run was emailed (the outbox is empty), and each
  (recipient, subject) arrived at the SMTP sink at least once; the copies beyond one are
  counted and must stay within the bound of docs (one per pool process of a killed worker).

    DATABASE_URL=… .venv/bin/python bench/load_check.py plan.json accepted.jsonl maildir BOUND
"""

import json
import mailbox
import os
import sys
from collections import Counter
from email.header import decode_header, make_header
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")


def main(plan_file: str, accepted_file: str, maildir: str, bound: int) -> int:
    import django

    django.setup()
    from django.utils.dateparse import parse_datetime

    from tasks.models import Notification, Task, TaskChange

    plan = json.loads(Path(plan_file).read_text())
    accepted = [json.loads(line) for line in Path(accepted_file).read_text().splitlines()]
    recorded = set(
        TaskChange.objects.filter(task_id__in={a["task"] for a in accepted}).values_list(
            "task_id", "note"
        )
    )
    missing = [a for a in accepted if (a["task"], a["note"]) not in recorded]
    last = {a["task"]: a for a in accepted}
    stand = (
        dict(Task.objects.filter(pk__in=last).values_list("pk", "status").order_by()),
        dict(Task.objects.filter(pk__in=last).values_list("pk", "percent").order_by()),
    )
    wrong = [
        t for t, a in last.items() if (stand[0][t], stand[1][t]) != (a["status"], a["percent"])
    ]

    since = parse_datetime(plan["started_at"])
    made = Notification.objects.filter(created_at__gte=since)
    waiting = made.filter(emailed_at__isnull=True).count()
    expected = Counter(
        (email, subject)
        for email, subject in made.values_list("recipient__email", "subject")
        if email
    )
    received = Counter()
    for message in mailbox.Maildir(maildir, create=False):
        subject = str(make_header(decode_header(message["Subject"] or "")))
        for rcpt in (message.get("X-RcptTo") or message["To"] or "").split(","):
            received[(rcpt.strip(), subject)] += 1
    lost = [key for key in expected if received[key] == 0]
    copies = sum(n - 1 for key, n in received.items() if key in expected and n > 1)

    print(
        f"reports accepted: {len(accepted)}, in the history: {len(accepted) - len(missing)}, "
        f"lost: {len(missing)}"
    )
    print(f"tasks reported: {len(last)}, not as their last report left them: {len(wrong)}")
    print(
        f"notifications made: {made.count()} (e-mails due {sum(expected.values())}), "
        f"still waiting: {waiting}, e-mails lost: {len(lost)}, extra copies: {copies} "
        f"(bound {bound})"
    )
    ok = not missing and not wrong and not waiting and not lost and copies <= bound
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
