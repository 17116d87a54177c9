from datetime import date, timedelta

import pytest
from django.utils import timezone

from pcmd.accounts.models import Role
from tests.factories import PASSWORD, member

pytestmark = pytest.mark.e2e


def test_receive_classify_extend_close_and_see_it_counted(live_server, page, reference_data, screenshot_dir):
    from pcmd.tips.models import Tip

    member(Role.POLICE, "96", on=date(2025, 7, 1), username="congan", full_name="Phạm Quốc An")
    today = timezone.localdate()
    received = today - timedelta(days=10)
    year = today.year
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("congan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.locator(f'#row-T08 a[data-year="{year}"]').inner_text() in ("—", "")  # nothing closed yet

    page.goto(f"{live_server.url}/tips/new/")
    page.get_by_label("Thời điểm tiếp nhận").fill(f"{received:%Y-%m-%d}T08:30")
    page.get_by_label("Hình thức tiếp nhận").select_option(label="Đường dây nóng")
    page.get_by_label("Xã, phường xảy ra").select_option(label="Phường An Xuyên")
    page.get_by_label("Nội dung").fill("Tố giác nhà nghỉ trên đường Lý Thường Kiệt chứa mại dâm")
    page.get_by_label("Họ tên người báo (được bảo mật)").fill("Người báo tin")
    page.get_by_role("button", name="Tiếp nhận").click()
    page.wait_for_selector("text=Đã tiếp nhận")

    page.get_by_label("Loại việc").select_option(label="Tố giác, tin báo về tội phạm, kiến nghị khởi tố")
    page.locator('form:has(input[value="classify"]) input[name="on"]').fill(f"{received:%Y-%m-%d}")
    page.get_by_role("button", name="Phân loại").click()
    page.wait_for_selector("text=Đã phân loại")
    due = received + timedelta(days=20)
    assert page.locator("#due").inner_text() == f"{due:%d/%m/%Y}"

    for step, amount in (("Đề nghị gia hạn", "2"), ("Đồng ý gia hạn", "2")):
        page.get_by_label("Bước giải quyết").select_option(label=step)
        page.locator('form:has(input[value="event"]) input[name="on"]').fill(
            f"{received + timedelta(days=3):%Y-%m-%d}"
        )
        page.get_by_label("Thời gian gia hạn").fill(amount)
        page.get_by_role("button", name="Ghi bước").click()
        page.wait_for_selector("text=Đã ghi bước giải quyết")
    from dateutil.relativedelta import relativedelta

    assert page.locator("#due").inner_text() == f"{due + relativedelta(months=2):%d/%m/%Y}"

    page.get_by_label("Bước giải quyết").select_option(label="Kết thúc")
    page.locator('form:has(input[value="event"]) input[name="on"]').fill(f"{today:%Y-%m-%d}")
    page.get_by_label("Kết quả, lý do, ghi chú").fill("Đã xác minh, chuyển cơ quan điều tra khởi tố")
    page.get_by_role("button", name="Ghi bước").click()
    page.wait_for_selector("text=Đã ghi bước giải quyết")
    assert page.locator("#on-time").inner_text() == "Đúng hạn"
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/tip-clock.png", full_page=True)

    tip = Tip.objects.get()
    assert (tip.status, tip.on_time, tip.closed_on) == ("closed", True, today)
    page.goto(f"{live_server.url}/")
    assert page.locator(f'#row-T08 a[data-year="{year}"]').inner_text() == "100,0%"  # 1 of 1 closed on time
