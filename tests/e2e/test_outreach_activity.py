from datetime import date

import pytest
from django.utils import timezone

from pcmd.accounts.models import Role
from tests.factories import PASSWORD, member

pytestmark = pytest.mark.e2e


def test_recording_an_activity_counts_a_commune_that_had_none_this_quarter(live_server, page, reference_data):
    from pcmd.core.period import Period
    from pcmd.geography.selectors import unit_at
    from pcmd.outreach.measures import communes_with_regular_activity

    member(Role.LEAD_OFFICER, "96", on=date(2025, 7, 1), username="thuongtruc")
    today = timezone.localdate()
    quarter = next(q for q in Period.year(today.year).quarters() if q.contains(today))
    an_xuyen = unit_at(code="32002", on=today)
    assert an_xuyen.pk not in communes_with_regular_activity(quarter)

    page.goto(f"{live_server.url}/accounts/login/?next=/outreach/")
    page.get_by_label("Tên đăng nhập").fill("thuongtruc")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    before = int(page.locator("#missing-count").inner_text())
    assert "Phường An Xuyên" in page.locator("#missing").inner_text()

    page.get_by_label("Xã, phường").select_option(label="Phường An Xuyên")
    page.get_by_label("Hình thức").select_option(label="Họp dân, nói chuyện chuyên đề")
    page.get_by_label("Đối tượng", exact=True).select_option(label="Cộng đồng dân cư")
    page.get_by_label("Nội dung").fill("Nói chuyện chuyên đề phòng, chống mại dâm tại khóm 3")
    page.get_by_label("Người tham dự: nữ").fill("35")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_selector("text=Đã ghi hoạt động tuyên truyền")

    assert int(page.locator("#missing-count").inner_text()) == before - 1
    assert "Phường An Xuyên" not in page.locator("#missing").inner_text()
    assert an_xuyen.pk in communes_with_regular_activity(quarter)
