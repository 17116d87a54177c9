from datetime import date

import pytest
from django.utils import timezone

from pcmd.accounts.models import Role
from tests.factories import PASSWORD, member

pytestmark = pytest.mark.e2e


def test_upload_with_one_conflict_preview_side_by_side_resolve_confirm(
    live_server, page, reference_data, tmp_path
):
    from pcmd.core.text import normalise
    from pcmd.establishments.models import BusinessType, Establishment, EstablishmentHome
    from pcmd.geography.selectors import unit_at
    from tests.imports.helpers import row, save, workbook

    member(Role.LEAD_OFFICER, "96", on=date(2025, 7, 1), username="thuongtruc")
    unit = unit_at(code="32002", on=timezone.localdate())
    karaoke = BusinessType.objects.get(name="Karaoke")
    e = Establishment.objects.create(name="Karaoke Hoa Mai", name_normalised=normalise("Karaoke Hoa Mai"),
                                     business_type=karaoke, registration_number="2001234567", address="Số 12, Lý Thường Kiệt",
                                     address_normalised=normalise("Số 12, Lý Thường Kiệt"), unit=unit, opened_on=date(2019, 6, 1))  # fmt: skip
    EstablishmentHome.objects.create(establishment=e, unit=unit, valid_from=date(2000, 1, 1))
    rows = [
        row(name="Karaoke Hoa Mai Mới", business_type="Karaoke", unit="32002", address="Số 12, Lý Thường Kiệt",
            opened_on="01/06/2019", registration_number="2001234567"),
        row(name="Nhà nghỉ Bình Minh", business_type="Karaoke", unit="32002", address="Số 7, Hùng Vương", opened_on="01/02/2024"),
    ]  # fmt: skip
    path = save(workbook(rows), tmp_path / "co-so.xlsx")

    page.goto(f"{live_server.url}/accounts/login/?next=/establishments/import/")
    page.get_by_label("Tên đăng nhập").fill("thuongtruc")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.wait_for_selector("#conflict-2")
    assert (
        page.locator("#count-new").inner_text() == "1"
        and page.locator("#count-conflicts").inner_text() == "1"
    )
    side = page.locator("#conflict-2 tr", has_text="Tên cơ sở").inner_text()
    assert "Karaoke Hoa Mai" in side and "Karaoke Hoa Mai Mới" in side
    assert not Establishment.objects.filter(name="Nhà nghỉ Bình Minh").exists()
    page.get_by_label("Lấy bản trong tệp").check()
    page.get_by_role("button", name="Xác nhận nhập").click()
    page.wait_for_selector("#import-done")
    assert "thêm mới 1, thay đổi 1" in page.locator("#import-done").inner_text()
    e.refresh_from_db()
    assert (
        e.name == "Karaoke Hoa Mai Mới"
        and Establishment.objects.filter(name="Nhà nghỉ Bình Minh").count() == 1
    )
