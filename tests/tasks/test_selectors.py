"""The task list: visibility, filters and the diacritic-free search."""

from datetime import date

import pytest

from resolutions.models import Membership
from tasks.selectors import task_list
from tests.factories import DocumentFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(today):
    nq57 = DocumentFactory(code="57-NQ/TW", title="Đột phá phát triển khoa học, công nghệ")
    nq05 = DocumentFactory(code="05-NQ/TU", title="Chuyển đổi số thành phố")
    return {
        "digital": TaskFactory(document=nq05, title="Chuyển đổi số trong cơ quan Đảng"),
        "identity": TaskFactory(document=nq05, title="Triển khai định danh điện tử"),
        "science": TaskFactory(
            document=nq57, title="Phát triển hạ tầng khoa học", deadline=date(2025, 10, 5)
        ),
        "late": TaskFactory(document=nq57, title="Ban hành quy chế", deadline=date(2025, 9, 1)),
        "ongoing": TaskFactory(document=nq57, title="Tuyên truyền", deadline=None),
    }


def titles(coordinator, **filters) -> set[str]:
    return {t.title for t in task_list(user=coordinator, as_of=date(2025, 9, 30), **filters)}


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("chuyen doi so", {"Chuyển đổi số trong cơ quan Đảng"}),
        ("CHUYỂN ĐỔI SỐ", {"Chuyển đổi số trong cơ quan Đảng"}),
        ("dinh danh", {"Triển khai định danh điện tử"}),
        ("dang", {"Chuyển đổi số trong cơ quan Đảng"}),
    ],
)
def test_search_ignores_case_and_diacritics(tasks, coordinator, search, expected):
    assert titles(coordinator, search=search) == expected


@pytest.mark.parametrize("search", ["nq57", "57-NQ-TW", "57/TW", "57 nq tw", "57-NQ/TW"])
def test_loosely_typed_document_codes_find_its_tasks(tasks, coordinator, search):
    assert titles(coordinator, search=search) == {
        "Phát triển hạ tầng khoa học",
        "Ban hành quy chế",
        "Tuyên truyền",
    }


def test_search_words_combine_code_and_title(tasks, coordinator):
    assert titles(coordinator, search="nq57 ha tang") == {"Phát triển hạ tầng khoa học"}


def test_a_number_alone_does_not_match_inside_another_number(tasks, coordinator):
    assert titles(coordinator, search="5 nq") == titles(coordinator, search="05-NQ/TU")


def test_overdue_filter(tasks, coordinator):
    assert titles(coordinator, due="overdue") == {"Ban hành quy chế"}


def test_due_within_seven_days(tasks, coordinator):
    assert titles(coordinator, due="7") == {"Phát triển hạ tầng khoa học"}


def test_ongoing_filter(tasks, coordinator):
    assert titles(coordinator, due="ongoing") == {"Tuyên truyền"}


def test_sort_by_percent_then_deadline(tasks, coordinator):
    tasks["identity"].percent = 90
    tasks["identity"].save()
    listed = task_list(user=coordinator, as_of=date(2025, 9, 30), sort="-percent")
    assert listed[0].title == "Triển khai định danh điện tử"


def test_staff_list_holds_only_their_units_tasks(tasks, unit):
    mine = TaskFactory(lead_unit=unit, title="Việc của sở")
    clerk = UserFactory(role=Membership.Role.STAFF, role__unit=unit)
    assert list(task_list(user=clerk, as_of=date(2025, 9, 30))) == [mine]


def test_staff_list_holds_the_tasks_their_unit_supports(tasks, unit):
    tasks["digital"].supporting_units.add(unit)
    clerk = UserFactory(role=Membership.Role.STAFF, role__unit=unit)
    assert titles(clerk) == {"Chuyển đổi số trong cơ quan Đảng"}


def test_a_long_word_is_searched_in_titles_only(tasks, coordinator):
    assert titles(coordinator, search="99999999999") == set()


def test_issuer_with_d_stroke_is_found_without_it(today, coordinator):
    document = DocumentFactory(code="02-KL/BCĐ")
    TaskFactory(document=document, title="Kết luận của Ban chỉ đạo")
    assert titles(coordinator, search="kl bcd") == {"Kết luận của Ban chỉ đạo"}


@pytest.mark.parametrize("sort", ["deadline", "-deadline"])
def test_ongoing_tasks_come_last_in_either_order(tasks, coordinator, sort):
    listed = task_list(user=coordinator, as_of=date(2025, 9, 30), sort=sort)
    assert listed.last().title == "Tuyên truyền"
