from datetime import date

import pytest

from pcmd.accounts.models import Role
from tests.factories import PASSWORD, member

pytestmark = pytest.mark.e2e


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_create_establishment_inspect_violation_sanction_on_timeline(
    live_server, page, reference_data, screenshot_dir
):
    from pcmd.establishments.models import InspectionTeam
    from pcmd.geography.selectors import unit_at

    member(Role.INSPECTOR, "96", on=date(2025, 7, 1), username="kiemtra")
    InspectionTeam.objects.create(name="Đội kiểm tra liên ngành 178 tỉnh", level="province",
                                  unit=unit_at(code="96", on=date(2025, 7, 1)), valid_from=date(2021, 1, 1))  # fmt: skip
    _login(page, live_server.url, "kiemtra")
    page.goto(f"{live_server.url}/establishments/new/")
    page.get_by_label("Tên cơ sở").fill("Karaoke Sao Mai")
    page.get_by_label("Loại hình").select_option(label="Karaoke")
    page.get_by_label("Xã, phường").select_option(label="Phường An Xuyên")
    page.get_by_label("Địa chỉ").fill("Số 5, Ngô Quyền")
    page.get_by_label("Tổng số lao động").fill("4")
    page.get_by_label("Lao động nữ").fill("6")
    page.get_by_label("Hoạt động từ ngày").fill("2024-05-01")
    page.get_by_label("Tình trạng").select_option(label="Đang hoạt động")  # nothing is preselected
    page.get_by_role("button", name="Lưu").click()
    assert "Số lao động nữ (6) lớn hơn tổng số lao động (4)" in page.content()
    page.get_by_label("Lao động nữ").fill("3")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_selector("text=Đã thêm cơ sở «Karaoke Sao Mai»")

    page.get_by_role("link", name="Ghi lượt kiểm tra").click()
    page.get_by_label("Đội kiểm tra").select_option(label="Đội kiểm tra liên ngành 178 tỉnh")
    page.get_by_label("Số biên bản kiểm tra").fill("01/BB-KTLN")
    page.get_by_label("Lý do kiểm tra").select_option(label="Theo kế hoạch")
    page.get_by_label("Kết quả").select_option(label="Có vi phạm")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_selector("text=Đã ghi lượt kiểm tra")

    page.get_by_role("link", name="ghi vi phạm").click()
    page.get_by_label("Hành vi vi phạm").select_option(label="Mua dâm (NĐ 144/2021/NĐ-CP, Điều 24 khoản 1)")
    page.get_by_label("Số biên bản vi phạm hành chính").fill("01/BB-VPHC")
    page.get_by_label("Số người mua dâm").fill("1")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_selector("text=Đã ghi vi phạm")

    page.get_by_role("link", name="ghi quyết định xử phạt").click()
    page.get_by_label("Số quyết định xử phạt").fill("15/QĐ-XPHC")
    page.get_by_label("Người, cơ quan ra quyết định").fill("Chủ tịch UBND phường An Xuyên")
    page.get_by_label("Tiền phạt (đồng)").fill("9.000.000")
    page.get_by_label("Tình trạng").select_option(label="Đã ban hành")
    page.get_by_role("button", name="Lưu").click()
    assert "nằm ngoài khung" in page.content()
    page.get_by_label("Tiền phạt (đồng)").fill("1500000")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_selector("text=Đã ghi quyết định xử phạt")

    timeline = page.locator("#timeline").inner_text()
    assert "Kiểm tra – Có vi phạm" in timeline
    assert "Vi phạm: Mua dâm" in timeline and "01/BB-VPHC" in timeline
    assert "Xử phạt: 1.500.000 đồng" in timeline and "15/QĐ-XPHC" in timeline
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/establishment.png", full_page=True)
