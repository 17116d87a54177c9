from datetime import date

import pytest

from pcmd.accounts.models import Role
from tests.factories import PASSWORD, member

pytestmark = [pytest.mark.e2e, pytest.mark.two_factor]


def test_a_leader_scans_the_code_enters_it_and_reaches_the_dashboard(live_server, page, reference_data):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pcmd.accounts.twofactor import issue_enrolment_code

    leader = member(Role.LEADER, "96", on=date(2025, 7, 1), username="lanhdao2")
    page.goto(f"{live_server.url}/accounts/login/?next=/outreach/plans/")
    page.get_by_label("Tên đăng nhập").fill("lanhdao2")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_selector("text=mã đăng ký")  # the password alone shows no secret to register
    assert page.locator("#otp-qr").count() == 0
    code = issue_enrolment_code(user=leader, actor=None)  # given by an administrator
    page.get_by_label("Mã đăng ký").fill(code)
    page.get_by_role("button", name="Tiếp tục cài đặt").click()
    page.wait_for_selector("#otp-qr svg")
    assert "/accounts/2fa/" in page.url
    page.goto(f"{live_server.url}/outreach/plans/")  # anything else sends back to the second factor
    assert "/accounts/2fa/" in page.url
    page.get_by_label("Mã xác thực").fill("123456")
    page.get_by_role("button", name="Xác nhận và bật xác thực hai lớp").click()
    page.wait_for_selector("text=Mã không đúng hoặc đã hết hạn")
    device = TOTPDevice.objects.get(user__username="lanhdao2")
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label("Mã xác thực").fill(code)
    page.get_by_role("button", name="Xác nhận và bật xác thực hai lớp").click()
    assert page.locator("#backup-codes li").count() == 10
    page.get_by_role("link", name="Tiếp tục").click()
    page.wait_for_selector("text=Kế hoạch phòng, chống mại dâm của địa phương")
    assert page.url.endswith("/outreach/plans/")
