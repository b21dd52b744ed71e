"""Issue 16 through the client: the staff's list order, rows that lead to their task, the
error pages, days as dd/mm/yyyy in every form, the unit picker's groups, the favicon."""

from datetime import date

from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from resolutions.models import Unit
from tasks.forms import TaskForm
from tasks.models import Task
from tasks.selectors import task_list
from tasks.services import task_report_progress
from tests.factories import DocumentFactory, UnitFactory


def make(unit, title, deadline, **fields):
    return Task.objects.create(
        document=DocumentFactory(),
        title=title,
        lead_unit=unit,
        assigned_on=date(2025, 1, 10),
        original_deadline=deadline,
        deadline=deadline,
        **fields,
    )


def test_staff_list_opens_on_overdue_then_nearest_then_ongoing_then_completed(
    today, staff, unit, coordinator
):
    done = make(unit, "Đã xong", date(2025, 3, 1))
    task_report_progress(user=coordinator, task=done, status="completed", percent=100)
    ongoing = make(unit, "Thường xuyên", None)
    later = make(unit, "Hạn xa", date(2025, 12, 31))
    soon = make(unit, "Hạn gần", date(2025, 10, 5))
    late = make(unit, "Quá hạn", date(2025, 9, 1))
    listed = list(task_list(user=staff, as_of=today))
    assert listed == [late, soon, later, ongoing, done]


def test_the_list_page_uses_that_order_by_default(client, today, staff, unit, coordinator):
    done = make(unit, "Đã xong", date(2025, 3, 1))
    task_report_progress(user=coordinator, task=done, status="completed", percent=100)
    late = make(unit, "Quá hạn", date(2025, 9, 1))
    client.force_login(staff)
    page = client.get(reverse("tasks:list")).context["page"]
    assert list(page) == [late, done]


def test_drill_down_rows_link_to_their_task(client, today, leader, unit):
    task = make(unit, "Quá hạn", date(2025, 9, 1))
    client.force_login(leader)
    html = client.get(reverse("reports:tasks"), {"state": "overdue"}).content.decode()
    assert f'href="{reverse("tasks:detail", args=[task.pk])}"' in html


def test_a_refusal_is_a_vietnamese_page_with_the_reason(client, today, leader):
    client.force_login(leader)
    response = client.get(reverse("tasks:new"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện việc này" in html
    assert "Chỉ điều phối viên và quản trị viên được thực hiện thao tác này." in html
    assert 'class="navbar' in html  # the site's layout


def test_a_missing_task_is_the_sites_404_page_with_the_reason(client, today, staff):
    client.force_login(staff)
    response = client.get(reverse("tasks:detail", args=[999999]))
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang này" in html
    assert 'data-testid="error-reason"' in html


def test_an_unknown_address_is_the_404_page_without_a_class_name(client, today, staff):
    client.force_login(staff)
    html = client.get("/no-such-page/").content.decode()
    assert "Không tìm thấy trang này" in html
    assert "Resolver404" not in html


def test_the_server_error_page_is_in_the_sites_layout(db):
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Máy chủ gặp sự cố" in html
    assert 'class="navbar' in html


def test_a_day_typed_as_dd_mm_yyyy_is_read_so_and_shown_so(admin_user):
    form = TaskForm({"assigned_on": "01/09/2025", "deadline": "5/10/2025"}, user=admin_user)
    form.is_valid()
    assert form.cleaned_data["assigned_on"] == date(2025, 9, 1)
    assert form.cleaned_data["deadline"] == date(2025, 10, 5)
    shown = TaskForm(initial={"deadline": date(2025, 10, 5)}, user=admin_user)["deadline"]
    shown = shown.as_widget()
    assert 'value="05/10/2025"' in shown
    assert 'type="text"' in shown
    assert "data-day-field" in shown


def test_a_day_in_the_wrong_shape_says_which_shape(admin_user):
    form = TaskForm({"assigned_on": "2025/09/01"}, user=admin_user)
    assert form.errors["assigned_on"] == ["Nhập ngày theo dạng ngày/tháng/năm, ví dụ 30/09/2025."]


def test_the_percent_limit_reads_as_a_sentence(db):
    from tasks.forms import ProgressForm

    form = ProgressForm({"status": "in_progress", "percent": 150, "expected_version": 1})
    assert form.errors["percent"] == ["Giá trị không được lớn hơn 100."]


def test_the_unit_picker_groups_units_by_the_unit_above(admin_user):
    city = UnitFactory(name="Thành phố Đà Nẵng", kind=Unit.Kind.PROVINCE)
    UnitFactory(parent=city, name="Sở Nội vụ", kind=Unit.Kind.DEPARTMENT)
    UnitFactory(parent=city, name="Phường Hòa Cường", code="DN-HC", kind=Unit.Kind.WARD)
    html = TaskForm(user=admin_user)["lead_units"].as_widget()
    assert '<optgroup label="Thành phố Đà Nẵng">' in html
    assert '<optgroup label="Thành phố Đà Nẵng: các xã, phường, đặc khu">' in html
    assert 'data-search="phuong hoa cuong  dn-hc"' in html
    assert "data-commune" in html


def test_the_task_form_renders_in_a_fixed_number_of_queries(
    client, coordinator, django_assert_num_queries
):
    city = UnitFactory(kind=Unit.Kind.PROVINCE)
    client.force_login(coordinator)
    with django_assert_num_queries(7):
        client.get(reverse("tasks:new"))
    for _ in range(30):
        UnitFactory(parent=city, kind=Unit.Kind.COMMUNE)
    with django_assert_num_queries(7):
        client.get(reverse("tasks:new"))


def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("/icons/favicon.svg")
    assert finders.find("icons/favicon.svg")


def test_history_lines_read_as_sentences(client, today, staff, unit, coordinator):
    from tasks.services import blocker_raise, task_confirm_completion

    task = make(unit, "Xây dựng CSDL", date(2025, 12, 31))
    blocker_raise(user=staff, task=task, description="Thiếu kinh phí")
    task_report_progress(user=staff, task=task, status="completed", percent=100)
    task_confirm_completion(user=coordinator, task=Task.objects.get(pk=task.pk))
    client.force_login(staff)
    html = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "Báo vướng mắc" in html
    assert "Xác nhận hoàn thành (ngày hoàn thành 30/09/2025)" in html
    assert "— →" not in html
