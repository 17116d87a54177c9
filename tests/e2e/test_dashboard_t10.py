from datetime import date

import pytest
from django.utils import timezone

from pcmd.accounts.models import Role
from tests.factories import PASSWORD, member

pytestmark = pytest.mark.e2e


def test_recording_an_inspection_moves_t10_on_the_dashboard(
    live_server, page, reference_data, screenshot_dir
):
    from pcmd.establishments.models import BusinessType, Establishment, EstablishmentHome, InspectionTeam
    from pcmd.geography.selectors import unit_at

    year = timezone.localdate().year
    unit = unit_at(code="32002", on=date(2025, 7, 1))
    kind = BusinessType.objects.get(code="karaoke")
    for i in range(4):  # four establishments active on 1 January, none inspected yet
        e = Establishment.objects.create(name=f"Karaoke {i}", name_normalised=f"karaoke {i}", address="x",
                                         address_normalised="x", business_type=kind, unit=unit,
                                         opened_on=date(year - 2, 1, 1))  # fmt: skip
        EstablishmentHome.objects.create(establishment=e, unit=unit, valid_from=date(2000, 1, 1))
    InspectionTeam.objects.create(name="Đội 178 tỉnh", level="province", unit=unit_at(code="96", on=date(2025, 7, 1)),
                                  valid_from=date(2021, 1, 1))  # fmt: skip
    member(Role.INSPECTOR, "96", on=date(2025, 7, 1), username="kiemtra")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("kiemtra")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    cell = page.locator(f'#row-T10 a[data-year="{year}"]')
    assert cell.inner_text() == "0,0%"

    page.goto(
        f"{live_server.url}/establishments/{Establishment.objects.get(name='Karaoke 0').pk}/inspections/new/"
    )
    page.get_by_label("Đội kiểm tra").select_option(label="Đội 178 tỉnh")
    page.get_by_label("Số biên bản kiểm tra").fill("07/BB")
    page.get_by_label("Lý do kiểm tra").select_option(label="Theo kế hoạch")  # nothing is preselected
    page.get_by_label("Kết quả").select_option(label="Không phát hiện vi phạm")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_selector("text=Đã ghi lượt kiểm tra")

    page.goto(f"{live_server.url}/")
    assert page.locator(f'#row-T10 a[data-year="{year}"]').inner_text() == "25,0%"  # 1 of 4
    page.locator(f'#row-T10 a[data-year="{year}"]').click()
    assert "(1/4)" in page.locator("#headline").inner_text()
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/dashboard-t10.png", full_page=True)
