from datetime import date

import pytest

from pcmd.accounts.models import Role
from tests.factories import PASSWORD, member

pytestmark = pytest.mark.e2e


def test_lead_officer_logs_in_opens_the_plan_and_sees_t01_to_t14(
    live_server, page, reference_data, screenshot_dir
):
    member(Role.LEAD_OFFICER, "96", on=date(2025, 7, 1), username="thuongtruc")
    page.goto(f"{live_server.url}/plans/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Tên đăng nhập").fill("thuongtruc")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("alert").inner_text().startswith("Tên đăng nhập hoặc mật khẩu không đúng")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/plans/")
    rows = page.locator("#indicators tbody tr")
    assert rows.count() == 14
    codes = [rows.nth(i).locator("td").first.inner_text() for i in range(14)]
    assert codes == [f"T{i:02d}" for i in range(1, 15)]
    assert "Ít nhất" not in page.locator("#ind-T10").inner_text()  # the row is the data, not the plan's prose
    assert (
        "cơ sở kinh doanh dịch vụ dễ phát sinh tệ nạn mại dâm được kiểm tra"
        in page.locator("#ind-T10").inner_text()
    )
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/plan.png", full_page=True)


def test_task_update_from_the_browser_keeps_history(live_server, page, reference_data):
    from pcmd.plans.models import Task

    member(Role.LEAD_OFFICER, "96", on=date(2025, 7, 1), username="lead2")
    task = Task.objects.filter(section="II.1", number=1).get()
    page.goto(f"{live_server.url}/accounts/login/?next=/plans/tasks/{task.pk}/")
    page.get_by_label("Tên đăng nhập").fill("lead2")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_label("Trạng thái").select_option("in_progress")
    page.get_by_label("Tiến độ, kết quả").fill("Đã phát 2.000 tờ rơi tại 12 xã.")
    page.get_by_role("button", name="Lưu").click()
    assert "Đã lưu tiến độ nhiệm vụ" in page.content()
    assert "Đã phát 2.000 tờ rơi" in page.locator(".history").inner_text()
    task.refresh_from_db()
    assert (task.status, task.version) == ("in_progress", 2)
