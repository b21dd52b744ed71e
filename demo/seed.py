"""The demo data set of DOMAIN.md "Demo data", built through the services so that history,
extensions, blockers and figures are what real use would leave behind.

Dates are laid relative to the demo day (the day of seeding), so the dashboards show the
seed figures on that day: 57-NQ/TW 32/75 (42,7%) with 2 overdue, the Steering Committee's
conclusions 19/62 (30,6%) with 2 overdue.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction

from demo.beyond_tasks import seed_beyond_tasks
from demo.titles import task_titles
from demo.units import (
    DA_NANG_COMMUNES,
    DA_NANG_DEPARTMENTS,
    DA_NANG_PARTY_ORGANS,
    DA_NANG_SPECIAL_ZONES,
    DA_NANG_WARDS,
    HA_NOI_DEPARTMENTS,
    HA_NOI_WARDS,
)
from resolutions.codes import fold
from resolutions.models import Document, Membership, Unit
from resolutions.services import document_create
from tasks.breakdown import task_set_rollup
from tasks.models import Notification, Task
from tasks.notifications import deadline_reminders_send, overdue_sweep
from tasks.services import (
    blocker_raise,
    extension_approve,
    extension_request,
    task_assign_many,
    task_create,
    task_report_progress,
)

DEMO_PASSWORD = "demo"
CENTRAL_LABEL = "Trung ương"
MARKER_CODE = "57-NQ/TW"
PLAN_CODE = "37-KH/TU"  # Đà Nẵng's plan implementing 57-NQ/TW: the breakdown's document
BROKEN_DOWN = 3
Kind = Unit.Kind
Status = Task.Status


@dataclass(frozen=True)
class Outcomes:
    """How many tasks of a document end in each state on the demo day."""

    done: int = 0
    done_late: int = 0
    done_extended: int = 0
    overdue: int = 0
    open: int = 0
    open_extended: int = 0
    not_started: int = 0
    ongoing: int = 0
    pending_extension: int = 0

    def shuffled(self, rng: random.Random) -> list[str]:
        names = [name for name, count in vars(self).items() for _ in range(count)]
        rng.shuffle(names)
        return names


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    unit: str


def _unit(code: str, name: str, kind: str, parent: Unit | None, short: str = "") -> Unit:
    unit, _ = Unit.objects.get_or_create(
        code=code, defaults={"name": name, "kind": kind, "parent": parent, "short_name": short}
    )
    return unit


def _commune_code(prefix: str, name: str) -> str:
    return f"{prefix}-{fold(name).replace(' ', '').upper()}"


def _units() -> dict[str, Unit]:
    da_nang = _unit("DN", "Thành phố Đà Nẵng", Kind.PROVINCE, None, "Đà Nẵng")
    ha_noi = _unit("HN", "Thành phố Hà Nội", Kind.PROVINCE, None, "Hà Nội")
    units = {"DN": da_nang, "HN": ha_noi}
    for code, name, short in DA_NANG_PARTY_ORGANS:
        units[f"DN-{code}"] = _unit(f"DN-{code}", name, Kind.PARTY_ORGAN, da_nang, short)
    for code, name, short in DA_NANG_DEPARTMENTS:
        units[f"DN-{code}"] = _unit(f"DN-{code}", name, Kind.DEPARTMENT, da_nang, short)
    for kind, prefix, names in (
        (Kind.WARD, "Phường", DA_NANG_WARDS),
        (Kind.COMMUNE, "Xã", DA_NANG_COMMUNES),
        (Kind.SPECIAL_ZONE, "Đặc khu", DA_NANG_SPECIAL_ZONES),
    ):
        for name in names:
            code = _commune_code("DN", name)
            units[code] = _unit(code, f"{prefix} {name}", kind, da_nang, name)
    for code, name, short in HA_NOI_DEPARTMENTS:
        units[f"HN-{code}"] = _unit(f"HN-{code}", name, Kind.DEPARTMENT, ha_noi, short)
    for name in HA_NOI_WARDS:
        code = _commune_code("HN", name)
        units[code] = _unit(code, f"Phường {name}", Kind.WARD, ha_noi, name)
    return units


def _logins(units: dict[str, Unit]) -> list[DemoLogin]:
    User = get_user_model()
    # Each province's coordinator holds the role at the city (it sits in the Party Office);
    # the central coordinator at the root, reaching both.
    hn_staff_unit = units[f"HN-{HA_NOI_DEPARTMENTS[0][0]}"]
    plan = [
        ("admin", Membership.Role.ADMIN, units["DN"]),
        ("coordinator", Membership.Role.COORDINATOR, units["DN"]),
        ("leader", Membership.Role.LEADER, units["DN"]),
        ("staff", Membership.Role.STAFF, units["DN-SKHCN"]),
        ("hn_coordinator", Membership.Role.COORDINATOR, units["HN"]),
        ("hn_leader", Membership.Role.LEADER, units["HN"]),
        ("hn_staff", Membership.Role.STAFF, hn_staff_unit),
        ("central", Membership.Role.COORDINATOR, None),
    ]
    managed = Permission.objects.filter(
        content_type__app_label__in=["resolutions", "tasks", "reports"]
    ).exclude(content_type__model__in=["membership", "taskchange"])
    logins = []
    for username, role, unit in plan:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "is_staff": role in (Membership.Role.ADMIN, Membership.Role.COORDINATOR),
                "is_superuser": role == Membership.Role.ADMIN,
                "email": f"{username}@demo.invalid",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            if role == Membership.Role.COORDINATOR:
                user.user_permissions.set(managed)
        Membership.objects.get_or_create(user=user, defaults={"role": role, "unit": unit})
        logins.append(
            DemoLogin(username, str(Membership.Role(role).label), str(unit or CENTRAL_LABEL))
        )
    return logins


class _Builder:
    """Lays out one document's tasks so that each ends in its planned state on `today`."""

    def __init__(self, *, user, today: date, rng: random.Random):
        self.user, self.today, self.rng = user, today, rng
        # Its own stream, so the recent reports leave the seed figures' dates as they were.
        self.reports = random.Random(58)

    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))

    def task(
        self, *, document: Document, title: str, lead: Unit, helpers: list[Unit], outcome: str
    ) -> None:
        today = self.today
        earliest = max(document.issued_on + timedelta(days=10), today - timedelta(days=600))
        assigned = earliest + self.days(0, 60)
        started = assigned + self.days(3, 20)
        extensions: list[tuple[date, date]] = []
        completed_on = None
        status, percent = Status.IN_PROGRESS, self.rng.choice([10, 20, 30, 40, 50, 60, 70, 80])
        if outcome == "done":
            deadline = assigned + self.days(90, 400)
            completed_on = min(deadline, today - timedelta(days=1)) - self.days(0, 30)
        elif outcome == "done_late":
            deadline = assigned + self.days(60, 150)
            completed_on = deadline + self.days(5, 40)
        elif outcome == "done_extended":
            deadline = assigned + self.days(60, 120)
            extensions = [(deadline - timedelta(days=5), deadline + timedelta(days=60))]
            completed_on = deadline + self.days(5, 50)
        elif outcome == "overdue":
            deadline = today - self.days(3, 60)
        elif outcome in ("open", "pending_extension"):
            deadline = today + self.days(20, 900)
        elif outcome == "open_extended":
            deadline = today - self.days(5, 40)
            extensions = [(deadline - timedelta(days=3), today + self.days(30, 200))]
            if self.rng.random() < 0.5:  # asked more than once: a warning sign for leaders
                first = deadline - timedelta(days=90)
                extensions.insert(0, (first - timedelta(days=3), deadline))
                deadline = first
        elif outcome == "not_started":
            deadline = today + self.days(60, 900)
            status, percent = Status.NOT_STARTED, 0
        else:  # ongoing (thường xuyên): no deadline, never overdue
            deadline = None
        if completed_on:
            completed_on = max(min(completed_on, today - timedelta(days=1)), started)
        task = task_create(
            user=self.user,
            document=document,
            title=title,
            lead_unit=lead,
            assigned_on=assigned,
            deadline=deadline,
            supporting_units=helpers,
        )
        if status == Status.IN_PROGRESS:
            # Open tasks report again lately, as units do monthly; one in six has gone silent.
            recent = today - timedelta(days=self.reports.randint(3, 45))
            reports_again = not completed_on and recent > started and self.reports.random() > 1 / 6
            task = task_report_progress(
                user=self.user,
                task=task,
                status=status,
                percent=max(percent - 20, 10) if reports_again else percent,
                on=min(started, today),
                note="Đã xây dựng kế hoạch triển khai.",
            )
            if reports_again:
                task = task_report_progress(
                    user=self.user,
                    task=task,
                    status=status,
                    percent=percent,
                    on=recent,
                    note="Đang triển khai theo kế hoạch; đã báo cáo tiến độ định kỳ.",
                )
        for approved_on, new_deadline in extensions:
            extension = extension_request(
                user=self.user,
                task=task,
                requested_deadline=new_deadline,
                reason="Chờ bố trí kinh phí và hoàn thiện thủ tục đầu tư.",
                on=max(approved_on, assigned),
            )
            extension_approve(user=self.user, extension=extension, on=max(approved_on, assigned))
            task.refresh_from_db()
        if completed_on:
            task_report_progress(
                user=self.user,
                task=task,
                status=Status.COMPLETED,
                percent=100,
                on=completed_on,
                note="Đã hoàn thành, có báo cáo kết quả kèm theo.",
            )
        if outcome == "pending_extension" and deadline:
            extension_request(
                user=self.user,
                task=task,
                requested_deadline=deadline + timedelta(days=90),
                reason="Cần thêm thời gian để lấy ý kiến các sở, ngành.",
            )

    def document(
        self,
        *,
        document: Document,
        outcomes: Outcomes,
        leads: list[Unit],
        helpers: list[Unit],
        title_offset: int,
    ) -> None:
        plan = outcomes.shuffled(self.rng)
        for i, (title, outcome) in enumerate(
            zip(task_titles(len(plan), title_offset), plan, strict=True)
        ):
            lead = leads[i % len(leads)]
            support = [u for u in self.rng.sample(helpers, k=self.rng.randint(0, 2)) if u != lead]
            self.task(document=document, title=title, lead=lead, helpers=support, outcome=outcome)


def _documents(user, units: dict[str, Unit]) -> dict[str, Document]:
    plan = [
        (
            "57-NQ/TW",
            date(2024, 12, 22),
            date(2030, 12, 31),
            "Nghị quyết của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, "
            "đổi mới sáng tạo và chuyển đổi số quốc gia (Đà Nẵng triển khai)",
            None,
            None,
        ),
        (
            "02-KL/BCĐ",
            date(2025, 3, 14),
            date(2030, 12, 31),
            "Kết luận của Ban Chỉ đạo Thành ủy Đà Nẵng về phát triển khoa học, công nghệ, "
            "đổi mới sáng tạo và chuyển đổi số",
            "57-NQ/TW",
            "DN",
        ),
        (
            PLAN_CODE,
            date(2025, 2, 20),
            date(2030, 12, 31),
            "Kế hoạch của Thành ủy Đà Nẵng thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị",
            "57-NQ/TW",
            "DN",
        ),
        (
            "05-NQ/TU",
            date(2021, 6, 17),
            date(2025, 12, 31),
            "Nghị quyết của Thành ủy Đà Nẵng về chuyển đổi số thành phố Đà Nẵng đến năm 2025, "
            "định hướng đến năm 2030",
            None,
            "DN",
        ),
        (
            "18-NQ/TU",
            date(2022, 12, 30),
            date(2030, 12, 31),
            "Nghị quyết của Thành ủy Hà Nội về chuyển đổi số, xây dựng thành phố Hà Nội "
            "thông minh đến năm 2025, định hướng đến năm 2030",
            None,
            "HN",
        ),
    ]
    documents: dict[str, Document] = {}
    for code, issued_on, horizon, title, parent, issuer in plan:
        documents[code] = document_create(
            user=user,
            code=code,
            issued_on=issued_on,
            title=title,
            horizon=horizon,
            parent=documents.get(parent) if parent else None,
            issuing_unit=units[issuer] if issuer else None,
        )
    return documents


def _breakdown(coordinator, documents: dict[str, Document], units, today: date) -> None:
    """Đà Nẵng breaks a few of the tasks 57-NQ/TW gives it down to departments and
    communes under its own plan; the sub-tasks report, the level above sees it."""
    rng = random.Random(13)  # its own stream: the seed figures' tasks stay as they were
    parents = list(
        Task.objects.filter(
            document=documents[MARKER_CODE], status=Status.IN_PROGRESS, deadline__gt=today
        ).order_by("deadline", "id")[:BROKEN_DOWN]
    )
    below = [
        u for code, u in units.items() if code.startswith("DN-") and u.kind != Kind.PARTY_ORGAN
    ]
    for number, parent in enumerate(parents):
        leads = rng.sample(below, k=3)
        subtasks = task_assign_many(
            user=coordinator,
            document=documents[PLAN_CODE],
            title=parent.title,
            lead_units=leads,
            assigned_on=max(parent.assigned_on, documents[PLAN_CODE].issued_on),
            deadline=parent.deadline,
            parent=parent,
        )
        if number == 0:  # the coordinator chose: rolled up from the sub-tasks
            task_set_rollup(user=coordinator, task=parent, rolls_up=True)
        for subtask in subtasks:
            outcome = rng.choice(["done", "open", "open"])
            task_report_progress(
                user=coordinator,
                task=subtask,
                status=Status.COMPLETED if outcome == "done" else Status.IN_PROGRESS,
                percent=100 if outcome == "done" else rng.choice([20, 40, 60]),
                on=today - timedelta(days=rng.randint(1, 20)),
                note="Đơn vị đã báo cáo tiến độ thực hiện.",
            )


# An open blocker on the soonest-due open task of each, raised two weeks before the demo day.
BLOCKERS = {
    "05-NQ/TU": "Chưa được bố trí kinh phí thuê dịch vụ hạ tầng số; đề nghị Sở Tài chính "
    "hướng dẫn nguồn vốn.",
    "18-NQ/TU": "Dữ liệu dân cư chưa được kết nối với hệ thống của thành phố; đang chờ cấp "
    "quyền khai thác.",
}


def _blockers(user, documents: dict[str, Document], today: date) -> None:
    for code, description in BLOCKERS.items():
        task = Task.objects.filter(
            document=documents[code], status=Status.IN_PROGRESS, deadline__gte=today
        ).earliest("deadline", "id")
        raise_on = max(today - timedelta(days=14), task.assigned_on)
        blocker_raise(user=user, task=task, description=description, on=raise_on)


@transaction.atomic
def seed_demo(*, today: date) -> tuple[bool, list[DemoLogin]]:
    """Load the demo set once. Returns whether anything was loaded, and the demo logins.
    A second run finds the data in place and changes nothing."""
    units = _units()
    logins = _logins(units)
    if Document.objects.filter(code=MARKER_CODE).exists():
        return False, logins
    users = get_user_model().objects.in_bulk(
        ["admin", "coordinator", "hn_coordinator", "central"], field_name="username"
    )
    coordinator = users["coordinator"]
    documents = _documents(users["central"], units)
    build = _Builder(user=users["central"], today=today, rng=random.Random(57))
    dn_offices = [units[f"DN-{c}"] for c, _, _ in DA_NANG_DEPARTMENTS + DA_NANG_PARTY_ORGANS]
    dn_communes = [
        u
        for code, u in units.items()
        if code.startswith("DN-") and u.kind in (Kind.WARD, Kind.COMMUNE, Kind.SPECIAL_ZONE)
    ]
    hn_units = [u for code, u in units.items() if code.startswith("HN-")]
    # Sở KH&CN, the demo staff's unit, leads every fourth 57-NQ/TW task.
    science = units["DN-SKHCN"]
    leads_57 = [science, *dn_offices[1:4], *dn_communes[:6]]
    build.document(
        document=documents["57-NQ/TW"],
        leads=leads_57[:4] + [science] + leads_57[4:],
        helpers=dn_offices,
        title_offset=0,
        outcomes=Outcomes(
            done=26,
            done_late=3,
            done_extended=3,
            overdue=2,
            open=20,
            open_extended=3,
            not_started=8,
            ongoing=8,
            pending_extension=2,
        ),
    )
    build.user = coordinator
    build.document(
        document=documents["02-KL/BCĐ"],
        leads=dn_offices,
        helpers=dn_offices,
        title_offset=5,
        outcomes=Outcomes(
            done=16,
            done_late=2,
            done_extended=1,
            overdue=2,
            open=22,
            open_extended=2,
            not_started=10,
            ongoing=5,
            pending_extension=2,
        ),
    )
    build.document(
        document=documents["05-NQ/TU"],
        leads=dn_offices + dn_communes[:20],
        helpers=dn_offices,
        title_offset=11,
        outcomes=Outcomes(
            done=20,
            done_late=6,
            done_extended=4,
            overdue=5,
            open=3,
            open_extended=2,
            ongoing=6,
            pending_extension=2,
        ),
    )
    build.user = users["hn_coordinator"]
    build.document(
        document=documents["18-NQ/TU"],
        leads=hn_units,
        helpers=hn_units,
        title_offset=17,
        outcomes=Outcomes(
            done=14,
            done_late=4,
            done_extended=2,
            overdue=3,
            open=6,
            open_extended=1,
            not_started=2,
            ongoing=3,
            pending_extension=1,
        ),
    )
    seed_beyond_tasks(user=users["central"], units=units, documents=documents, today=today)
    _blockers(users["central"], documents, today)
    _breakdown(coordinator, documents, units, today)
    # As the daily jobs would have left it: overdue tasks flagged, their units reminded.
    overdue_sweep(today=today)
    deadline_reminders_send(today=today)
    # The demo's tasks were assigned months before the demo day: that news is long read.
    Notification.objects.filter(kind="task_assigned").delete()
    return True, logins
