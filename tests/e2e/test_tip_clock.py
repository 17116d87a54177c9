from datetime import date

import pytest
from django.utils import timezone

from pcmd.accounts.models import Role
from tests.factories import PASSWORD, member

pytestmark = pytest.mark.e2e


def _login(browser, url, username):
    page = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15000)
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    return page


def _step(page, label, today, note=""):
    """Fill the clock-step form, then confirm on the confirmation page."""
    form = page.locator('form:has(input[name="action"][value="event"])')
    form.get_by_label("Bước giải quyết").select_option(label=label)
    form.locator('input[name="on"]').fill(f"{today:%Y-%m-%d}")
    if note:
        form.get_by_label("Kết quả, lý do, ghi chú").fill(note)
    form.get_by_role("button", name="Ghi bước").click()


def test_receive_see_20_days_ask_extension_refused_to_self_approved_by_leader_close_with_confirmation(
    live_server, browser, reference_data, screenshot_dir
):
    from pcmd.tips.models import Tip

    member(Role.POLICE, "96", on=date(2025, 7, 1), username="congan", full_name="Phạm Quốc An")
    member(Role.LEADER, "96", on=date(2025, 7, 1), username="lanhdao", full_name="Lê Văn Lãnh Đạo")
    today = timezone.localdate()
    police = _login(browser, live_server.url, "congan")
    police.goto(f"{live_server.url}/tips/new/")
    police.get_by_label("Hình thức tiếp nhận").select_option(label="Đường dây nóng")
    police.get_by_label("Loại việc (nếu đã rõ)").select_option(
        label="Tố giác, tin báo về tội phạm, kiến nghị khởi tố"
    )
    police.get_by_label("Xã, phường xảy ra").select_option(label="Phường An Xuyên")
    police.get_by_label("Nội dung").fill("Tố giác nhà nghỉ trên đường Lý Thường Kiệt chứa mại dâm")
    police.get_by_role("button", name="Tiếp nhận").click()
    police.wait_for_selector("text=Đã tiếp nhận")
    assert police.locator("#countdown").inner_text() == "Còn 20 ngày"
    tip_url = police.url

    _step(police, "Đề nghị gia hạn", today)
    assert police.locator("#confirm-step").inner_text() == "Đề nghị gia hạn"
    police.get_by_role("button", name="Xác nhận").click()
    police.wait_for_selector("text=Đã ghi bước giải quyết")
    assert "chờ quyết định gia hạn" in police.locator("#status").inner_text()

    _step(police, "Đồng ý gia hạn", today)  # the one who asked cannot decide
    police.wait_for_selector("text=Người đề nghị không được tự quyết định «Vụ việc phức tạp»")
    assert Tip.objects.get().events.filter(type="extension_approved").count() == 0

    leader = _login(browser, live_server.url, "lanhdao")
    leader.goto(tip_url)
    _step(leader, "Đồng ý gia hạn", today)
    leader.get_by_role("button", name="Xác nhận").click()
    leader.wait_for_selector("text=Đã ghi bước giải quyết")
    tip = Tip.objects.get()
    assert leader.locator("#due").inner_text() == f"{tip.due_on:%d/%m/%Y}" and (tip.due_on - today).days >= 59

    police.goto(tip_url)
    _step(police, "Kết thúc", today, note="Đã xác minh, chuyển cơ quan điều tra khởi tố")
    assert police.locator("#confirm-on-time").inner_text() == "Đúng hạn"  # confirmation before it is recorded
    assert Tip.objects.get().status != "closed"
    police.get_by_role("button", name="Xác nhận").click()
    police.wait_for_selector("text=Đã ghi bước giải quyết")
    assert police.locator("#countdown").inner_text() == "Đúng hạn"
    rows = police.locator("#events tbody tr")
    assert "Lê Văn Lãnh Đạo" in rows.filter(has_text="Đồng ý gia hạn").inner_text()
    assert "Phạm Quốc An" in rows.filter(has_text="Kết thúc").inner_text()
    if screenshot_dir:
        police.screenshot(path=f"{screenshot_dir}/tip-clock.png", full_page=True)

    police.goto(f"{live_server.url}/notifications/")
    assert police.get_by_text(f"Đã tiếp nhận {tip.reference} tại Phường An Xuyên").is_visible()
    tip.refresh_from_db()
    assert (tip.status, tip.on_time, tip.closed_on) == ("closed", True, today)
