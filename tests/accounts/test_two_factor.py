"""The second factor for administrators, leaders and support workers (DESIGN §7)."""

from datetime import date

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pcmd.accounts.models import Role
from tests.factories import PASSWORD, member

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]
NOW = date(2025, 7, 1)


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _login(client, user):
    r = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD, "next": "/"})
    assert r.status_code == 302
    return r


def test_a_leader_sets_up_the_app_then_needs_a_code_at_each_sign_in(client):
    leader = member(Role.LEADER, "96", on=NOW)
    _login(client, leader)
    r = client.get("/outreach/plans/?year=2024")
    assert r.status_code == 302 and r["Location"] == "/accounts/2fa/?next=/outreach/plans/%3Fyear%3D2024"
    page = client.get(r["Location"]).content.decode()
    assert 'id="otp-qr"' in page and "<svg" in page and 'id="otp-secret"' in page
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    bad = client.post("/accounts/2fa/", {"token": "000000", "next": "/outreach/plans/?year=2024"})
    assert bad.status_code == 422 and "Mã xác thực: Mã không đúng hoặc đã hết hạn" in bad.content.decode()
    ok = client.post("/accounts/2fa/", {"token": _code(device), "next": "/outreach/plans/?year=2024"})
    codes = ok.content.decode().count("<li><code>")
    assert ok.status_code == 200 and codes == 10
    assert client.get("/outreach/plans/?year=2024").status_code == 200
    api = client.get("/api/v1/courses")
    assert api.status_code == 200
    # Next sign-in: the code is asked again; a backup code works once.
    client.post("/accounts/logout/")
    _login(client, leader)
    assert client.get("/").status_code == 302
    assert client.get("/api/v1/courses").status_code == 403
    backup = StaticToken.objects.filter(device__user=leader).first().token
    assert client.post("/accounts/2fa/", {"token": backup, "next": "/"}).status_code == 302
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    _login(client, leader)
    again = client.post("/accounts/2fa/", {"token": backup, "next": "/"})
    assert again.status_code == 422 and "đã dùng" in again.content.decode()


def test_roles_without_sensitive_reach_sign_in_with_the_password_only(client):
    inspector = member(Role.INSPECTOR, "96", on=NOW)
    _login(client, inspector)
    assert client.get("/establishments/").status_code == 200
    assert not TOTPDevice.objects.filter(user=inspector).exists()


def test_a_support_worker_cannot_reach_support_without_the_second_factor(client):
    worker = member(Role.SUPPORT_WORKER, "96", on=NOW)
    client.force_login(worker)
    r = client.get("/support/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/2fa/")


def test_the_next_address_stays_on_this_site(client):
    leader = member(Role.LEADER, "96", on=NOW)
    client.force_login(leader)
    client.get("/accounts/2fa/")
    device = TOTPDevice.objects.get(user=leader)
    r = client.post("/accounts/2fa/", {"token": _code(device), "next": "https://example.com/"})
    assert 'href="/"' in r.content.decode()


def test_the_page_sends_users_who_do_not_need_it_on(client):
    client.force_login(member(Role.INSPECTOR, "96", on=NOW))
    r = client.get("/accounts/2fa/?next=/establishments/")
    assert r.status_code == 302 and r["Location"] == "/establishments/"
