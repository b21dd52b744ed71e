"""The demo data beyond tasks (issue 15), through the services: targets with their reports
(the digitised party records in metres of shelf and in pages, the 448/350 admissions as a
city roll-up), a criteria set of 16 with several communes and wards at 100%, proposals in
each state, explanation requests answered and waiting, a direction and expected outputs.
None of it touches the seed's task figures."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils import timezone

from criteria.models import CriteriaSet, CriterionReport
from directions.services import direction_give
from proposals.explanations import explanation_answer, explanation_request
from proposals.services import proposal_raise, proposal_transition
from reports.counting import tasks_in_state
from reports.models import Target
from resolutions.models import Document, Unit
from targets.services import target_create, target_report
from tasks.models import Notification, Task
from tasks.services import task_update

SIXTEEN = [
    "Có Ban Chỉ đạo chuyển đổi số cấp xã và quy chế hoạt động",
    "Có kế hoạch chuyển đổi số hằng năm được phê duyệt",
    "100% cán bộ, công chức có tài khoản định danh điện tử mức 2",
    "100% văn bản, hồ sơ công việc xử lý trên môi trường mạng",
    "Trên 80% hồ sơ thủ tục hành chính nộp trực tuyến toàn trình",
    "Số hóa 100% hồ sơ, kết quả giải quyết thủ tục hành chính",
    "Tổ công nghệ số cộng đồng hoạt động ở 100% thôn, tổ dân phố",
    "Cáp quang băng rộng phủ 100% thôn, tổ dân phố",
    "Có điểm wifi công cộng tại trụ sở và nhà sinh hoạt cộng đồng",
    "Trên 60% người dân trưởng thành dùng ứng dụng công dân số",
    "Thanh toán không dùng tiền mặt tại bộ phận một cửa",
    "Dữ liệu dân cư được làm sạch, đồng bộ với cơ sở dữ liệu quốc gia",
    "Camera an ninh kết nối Trung tâm giám sát điều hành thành phố",
    "Trang thông tin điện tử đáp ứng quy định",
    "Bảo đảm an toàn thông tin theo cấp độ",
    "Có mô hình chuyển đổi số tiêu biểu trong sản xuất, kinh doanh",
]
# Criteria 10 and 16 are the ones communes miss most often.
HARD = {10: 0.45, 16: 0.55, 5: 0.25, 7: 0.2}
COMPLETE_UNITS = 12


def seed_beyond_tasks(
    *, user, units: dict[str, Unit], documents: dict[str, Document], today: date
) -> None:
    before = Notification.objects.aggregate(last=Max("id"))["last"] or 0
    _targets(user, units, documents, today)
    _criteria(units, documents, today)
    _proposals(user, units, documents, today)
    _explanations(user, units, today)
    _directions_and_outputs(user, units, documents)
    # These happened before the demo day: their notifications were read then, so the demo
    # logins' unread counts are the seed's own (the day's overdue warnings).
    Notification.objects.filter(id__gt=before).update(read_at=timezone.now())


def _report(user, target: Target, on: date, actual, **fields) -> None:
    target_report(user=user, target=target, on=on, actual=Decimal(actual), **fields)


def _targets(user, units, documents, today: date) -> None:
    year = {"period_start": date(today.year, 1, 1), "period_end": date(today.year, 12, 31)}
    new = {"user": user, **year}
    office, doc57, doc05 = units["DN-VPTU"], documents["57-NQ/TW"], documents["05-NQ/TU"]
    name = "Số hóa tài liệu lưu trữ của Đảng bộ thành phố"
    metres = target_create(
        **new, document=doc57, unit=office, name=name, measure="mét giá", plan=Decimal(1601)
    )
    pages = target_create(
        **new, document=doc57, unit=office, name=name, measure="trang", plan=Decimal(2827927)
    )
    midyear = min(today, date(today.year, 6, 30))
    _report(
        user,
        metres,
        midyear,
        812,
        done=Decimal(812),
        in_progress=Decimal(520),
        not_done=Decimal(269),
        evidence="Báo cáo 6 tháng của Văn phòng Thành ủy",
    )
    _report(
        user,
        metres,
        today,
        1154,
        done=Decimal(1154),
        in_progress=Decimal(381),
        not_done=Decimal(66),
        evidence="Báo cáo số 125-BC/VPTU",
    )
    _report(
        user,
        pages,
        today,
        1326132,
        done=Decimal(1326132),
        in_progress=Decimal(537306),
        not_done=Decimal(964489),
        outlook=Target.Outlook.ORANGE,
        outlook_reason="Khối lượng trang còn lớn; đề nghị bổ sung nhân lực số hóa.",
        evidence="Báo cáo số 125-BC/VPTU",
    )
    # Admissions (kết nạp đảng viên): the city's target is the sum of three units'.
    city = target_create(
        **new,
        document=doc05,
        unit=units["DN"],
        name="Kết nạp đảng viên mới",
        measure="đảng viên",
        plan=Decimal(350),
    )
    for code, plan, actual in (("DN-BTCTU", 150, 190), ("DN-SNV", 120, 158), ("DN-SGDDT", 80, 100)):
        part = target_create(
            **new,
            document=doc05,
            unit=units[code],
            name="Kết nạp đảng viên mới",
            measure="đảng viên",
            plan=Decimal(plan),
            parent=city,
        )
        _report(user, part, today, actual, evidence="Danh sách kết nạp của chi bộ")
    online = target_create(
        **new,
        document=doc05,
        unit=units["DN-VPUB"],
        measure="thủ tục",
        plan=Decimal(350),
        name="Thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình",
    )
    _report(user, online, today, 448, evidence="Cổng dịch vụ công thành phố")
    science = target_create(
        **new,
        document=doc57,
        unit=units["DN-SKHCN"],
        measure="doanh nghiệp",
        plan=Decimal(40),
        name="Doanh nghiệp khoa học và công nghệ được chứng nhận",
    )
    _report(
        user,
        science,
        today,
        12,
        outlook=Target.Outlook.RED,
        outlook_reason="Hồ sơ chứng nhận còn vướng tiêu chí doanh thu từ sản phẩm KH&CN.",
    )
    target_create(
        **new,
        document=doc05,
        unit=units["DN-SNV"],
        measure="điểm",
        plan=Decimal(100),
        name="Chỉ số chuyển đổi số cấp tỉnh (DTI)",
    )


def _criteria(units, documents, today: date) -> None:
    kinds = [Unit.Kind.COMMUNE, Unit.Kind.WARD, Unit.Kind.SPECIAL_ZONE]
    criteria_set = CriteriaSet.objects.create(
        name="Bộ 16 tiêu chí xã, phường chuyển đổi số",
        document=documents["05-NQ/TU"],
        parent=units["DN"],
        unit_kinds=kinds,
    )
    criteria = [
        criteria_set.criteria.create(number=number, title=title)
        for number, title in enumerate(SIXTEEN, start=1)
    ]
    communes = sorted(
        (u for code, u in units.items() if code.startswith("DN-") and u.kind in kinds),
        key=lambda u: u.code,
    )
    rng = random.Random(16)
    rows = []
    for i, commune in enumerate(communes):
        if i % 9 == 8:
            continue  # a few have reported nothing yet
        on = today - timedelta(days=rng.randint(3, 40))
        for criterion in criteria:
            met = i < COMPLETE_UNITS or rng.random() >= HARD.get(criterion.number, 0.08)
            evidence = f"Biên bản kiểm tra số {rng.randint(10, 99)}/BB-UBND" if met else ""
            rows.append(
                CriterionReport(
                    criterion=criterion, unit=commune, met=met, on=on, evidence=evidence
                )
            )
    # Bulk: 1.400 rows of a fresh set, checked by construction (every unit is one the set
    # applies to, every criterion met names its evidence) rather than one service call each.
    CriterionReport.objects.bulk_create(rows)


def _proposals(user, units, documents, today: date) -> None:
    city, science = units["DN"], units["DN-SKHCN"]
    doc57 = documents["57-NQ/TW"]
    rows = [
        (science, "Bổ sung kinh phí thuê chuyên gia đánh giá hồ sơ doanh nghiệp KH&CN", 41, []),
        (units["DN-STC"], "Hướng dẫn nguồn vốn thuê dịch vụ hạ tầng số", 18, []),
        (science, "Cho phép thí điểm cơ chế sandbox cho doanh nghiệp công nghệ", 30, ["accepted"]),
        (
            units["DN-SNV"],
            "Bổ sung biên chế cho bộ phận chuyển đổi số cấp xã",
            60,
            ["accepted", "answered"],
        ),
        (
            units["DN-VPTU"],
            "Bố trí kho lưu trữ tạm cho tài liệu đã số hóa",
            75,
            ["accepted", "answered", "resolved"],
        ),
        (science, "Điều chỉnh chỉ tiêu doanh nghiệp KH&CN năm nay", 25, ["rejected"]),
    ]
    for from_unit, title, days_ago, moves in rows:
        raised = today - timedelta(days=days_ago)
        proposal = proposal_raise(
            user=user,
            title=title,
            from_unit=from_unit,
            to_unit=city,
            document=doc57,
            on=raised,
            description="Đề xuất bằng văn bản theo quy chế làm việc.",
        )
        step_on = raised
        for to in moves:
            step_on = min(step_on + timedelta(days=7), today)
            fields = {
                "accepted": {
                    "meeting_name": "Hội nghị Ban Chỉ đạo 57 thành phố",
                    "meeting_on": step_on,
                },
                "answered": {
                    "conclusion": "Giao Sở Tài chính chủ trì, phối hợp tham mưu bố trí.",
                    "responsible_unit": units["DN-STC"],
                    "handle_by": today + timedelta(days=30),
                },
                "rejected": {"reason": "Chỉ tiêu đã được Thành ủy giao; không điều chỉnh giữa kỳ."},
            }.get(to, {})
            proposal = proposal_transition(
                user=user, proposal=proposal, to=to, on=step_on, **fields
            )


def _explanations(user, units, today: date) -> None:
    """One request waiting (an overdue task), one answered by the demo staff (their unit's
    red target)."""
    overdue = tasks_in_state(Task.objects.all(), state="overdue", as_of=today)
    late = overdue.select_related("lead_unit").order_by("deadline", "id").first()
    if late is not None:
        explanation_request(
            user=user,
            task=late,
            answer_by=today + timedelta(days=5),
            question="Đề nghị giải trình lý do chậm tiến độ và đề xuất thời hạn mới.",
        )
    red = Target.objects.get(unit=units["DN-SKHCN"], outlook=Target.Outlook.RED)
    asked = explanation_request(
        user=user,
        target=red,
        answer_by=today + timedelta(days=3),
        question="Đề nghị giải trình vì sao chỉ tiêu doanh nghiệp KH&CN có nguy cơ không đạt.",
    )
    staff = get_user_model().objects.get(username="staff")
    explanation_answer(
        user=staff,
        request=asked,
        answer="Nhiều doanh nghiệp chưa đủ tỷ lệ doanh thu từ sản phẩm KH&CN; Sở đang hỗ trợ "
        "hoàn thiện hồ sơ, dự kiến thêm 15 doanh nghiệp trong quý IV.",
    )


OUTPUTS = ["Đề án trình Thành ủy", "Quyết định ban hành", "Báo cáo đánh giá kết quả"]


def _directions_and_outputs(user, units, documents) -> None:
    open_tasks = Task.objects.filter(
        document=documents["57-NQ/TW"],
        lead_unit=units["DN-SKHCN"],
        status__in=[Task.Status.NOT_STARTED, Task.Status.IN_PROGRESS],
    ).order_by("deadline", "id")
    for task, output in zip(open_tasks, OUTPUTS, strict=False):
        task_update(
            user=user,
            task=task,
            title=task.title,
            description=task.description,
            deadline=task.deadline,
            supporting_units=list(task.supporting_units.all()),
            expected_output=output,
        )
    leader = get_user_model().objects.get(username="leader")
    first = open_tasks.first()
    if first is not None:
        direction_give(
            user=leader,
            task=first,
            text="Sở KH&CN khẩn trương hoàn thiện, báo cáo Thường trực Thành ủy trước ngày 15.",
        )
    direction_give(
        user=leader,
        document=documents["57-NQ/TW"],
        text="Các đơn vị tập trung hoàn thành các nhiệm vụ quá hạn trong quý IV.",
    )
