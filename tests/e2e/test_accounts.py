from playwright.sync_api import expect

from resolutions.models import Membership
from tests.e2e.conftest import log_in, screenshot
from tests.factories import UnitFactory, UserFactory

NEW = "Chuyen-doi-so-2030"


def test_a_user_changes_the_password_from_the_menu_and_signs_in_with_it(
    transactional_db, live_server, page
):
    unit = UnitFactory(code="DN-SKHCN", name="Sở Khoa học và Công nghệ")
    UserFactory(
        username="clerk", first_name="Nguyễn Văn An", role=Membership.Role.STAFF, role__unit=unit
    )
    log_in(page, live_server.url, "clerk")
    page.get_by_test_id("current-user").click()
    page.get_by_role("link", name="Đổi mật khẩu").click()
    page.get_by_label("Mật khẩu cũ").fill("demo")
    page.get_by_label("Mật khẩu mới", exact=True).fill(NEW)
    page.get_by_label("Xác nhận mật khẩu mới").fill(NEW)
    screenshot(page, "password-change")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.get_by_role("status")).to_contain_text("Mật khẩu đã được đổi")
    page.wait_for_load_state()  # the menu opens once Bootstrap's deferred script has run
    page.get_by_test_id("current-user").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_label("Tên đăng nhập").fill("clerk")
    page.get_by_label("Mật khẩu").fill(NEW)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_test_id("current-user")).to_contain_text("Nguyễn Văn An")
