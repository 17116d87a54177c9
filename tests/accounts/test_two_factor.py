"""The second factor for administrators, leaders and support workers (DESIGN §7)."""

from datetime import date

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pcmd.accounts.models import EnrolmentCode, Role, SecurityEvent
from pcmd.accounts.twofactor import issue_enrolment_code
from tests.factories import PASSWORD, member

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]
NOW = date(2025, 7, 1)


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _login(client, user):
    r = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD, "next": "/"})
    assert r.status_code == 302
    return r


def _enrol(client, user):
    """What the user does with the code an administrator gave them."""
    code = issue_enrolment_code(user=user, actor=None)
    r = client.post("/accounts/2fa/", {"code": code.lower(), "next": "/"})
    assert r.status_code == 302
    return code


def test_a_leader_sets_up_the_app_then_needs_a_code_at_each_sign_in(client):
    leader = member(Role.LEADER, "96", on=NOW)
    _login(client, leader)
    r = client.get("/outreach/plans/?year=2024")
    assert r.status_code == 302 and r["Location"] == "/accounts/2fa/?next=/outreach/plans/%3Fyear%3D2024"
    first = client.get(r["Location"]).content.decode()  # the password alone shows no secret
    assert 'id="otp-qr"' not in first and 'id="otp-secret"' not in first and "Mã đăng ký" in first
    wrong = client.post("/accounts/2fa/", {"code": "ABCD-EFGH-JKLM", "next": "/"})
    assert wrong.status_code == 422 and "Mã đăng ký không đúng" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=leader).exists()
    _enrol(client, leader)
    page = client.get(r["Location"]).content.decode()
    assert 'id="otp-qr"' in page and "<svg" in page and 'id="otp-secret"' in page
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    bad = client.post("/accounts/2fa/", {"token": "000000", "next": "/outreach/plans/?year=2024"})
    assert bad.status_code == 422 and "Mã xác thực: Mã không đúng hoặc đã hết hạn" in bad.content.decode()
    ok = client.post("/accounts/2fa/", {"token": _code(device), "next": "/outreach/plans/?year=2024"})
    codes = ok.content.decode().count("<li><code>")
    assert ok.status_code == 200 and codes == 10
    assert EnrolmentCode.objects.get(user=leader).used_at is not None
    assert [e.kind for e in SecurityEvent.objects.filter(user=leader).order_by("at", "pk")] == ["enrolment_code",
                                                                                                 "enrolled"]  # fmt: skip
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
    _enrol(client, leader)
    client.get("/accounts/2fa/")
    device = TOTPDevice.objects.get(user=leader)
    r = client.post("/accounts/2fa/", {"token": _code(device), "next": "https://example.com/"})
    assert 'href="/"' in r.content.decode()


def test_the_page_sends_users_who_do_not_need_it_on(client):
    client.force_login(member(Role.INSPECTOR, "96", on=NOW))
    r = client.get("/accounts/2fa/?next=/establishments/")
    assert r.status_code == 302 and r["Location"] == "/establishments/"


def test_an_enrolment_code_works_once_expires_and_only_for_its_user(client):
    leader, other = member(Role.LEADER, "96", on=NOW), member(Role.LEADER, "96", on=NOW)
    code = issue_enrolment_code(user=leader, actor=None)
    client.force_login(other)
    assert client.post("/accounts/2fa/", {"code": code, "next": "/"}).status_code == 422
    client.force_login(leader)
    EnrolmentCode.objects.filter(user=leader).update(expires_at=timezone.now())
    assert client.post("/accounts/2fa/", {"code": code, "next": "/"}).status_code == 422
    newer = issue_enrolment_code(user=leader, actor=None)
    assert (
        client.post("/accounts/2fa/", {"code": code, "next": "/"}).status_code == 422
    )  # the old one is gone
    assert client.post("/accounts/2fa/", {"code": newer, "next": "/"}).status_code == 302


def test_administrators_issue_codes_and_reset_a_lost_factor_and_it_is_recorded(client):
    admin, second = member(Role.ADMINISTRATOR, "96", on=NOW), member(Role.ADMINISTRATOR, "96", on=NOW)
    leader = member(Role.LEADER, "96", on=NOW)
    for user in (admin, second):  # administrators pass their own second factor first
        TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(member(Role.LEADER, "96", on=NOW))
    assert client.get("/accounts/security/").status_code in (302, 404)
    client.force_login(admin)
    session = client.session
    device = TOTPDevice.objects.get(user=admin)
    session["otp_device_id"] = device.persistent_id
    session.save()
    page = client.get("/accounts/security/").content.decode()
    assert leader.username in page.split('id="roster"')[1] and "Chưa bật" in page
    r = client.post("/accounts/security/", {"action": "issue", "user": leader.pk})
    shown = r.content.decode().split('id="enrolment-code"')[1].split("<code>")[1].split("</code>")[0]
    assert EnrolmentCode.objects.get(user=leader).issued_by == admin
    assert shown not in client.get("/accounts/security/").content.decode()  # once
    client.force_login(leader)
    assert client.post("/accounts/2fa/", {"code": shown, "next": "/"}).status_code == 302
    TOTPDevice.objects.create(user=leader, name="app", confirmed=True)  # (enrolled, then the phone is lost)
    client.force_login(admin)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    r = client.post(
        "/accounts/security/", {"action": "reset", "user": admin.pk, "reason": "thử đặt lại chính mình"}
    )
    assert (
        r.status_code == 404 and TOTPDevice.objects.filter(user=admin).exists()
    )  # another administrator only
    r = client.post("/accounts/security/", {"action": "reset", "user": leader.pk, "reason": "mất"})
    assert "ít nhất 10 ký tự" in r.content.decode() and TOTPDevice.objects.filter(user=leader).exists()
    client.post(
        "/accounts/security/", {"action": "reset", "user": leader.pk, "reason": "Mất điện thoại ngày 01/12"}
    )
    assert not TOTPDevice.objects.filter(user=leader).exists()
    event = SecurityEvent.objects.get(kind="factor_reset")
    assert (event.actor, event.user, event.detail) == (admin, leader, "Mất điện thoại ngày 01/12")
    client.force_login(leader)  # back to square one: a code from an administrator
    assert 'id="otp-qr"' not in client.get("/accounts/2fa/").content.decode()


def test_bootstrap_prints_codes_for_the_demo_users_who_must_enrol(settings):
    from io import StringIO

    from django.core.management import call_command

    from pcmd.demo.accounts import seed_users

    seed_users()
    out = StringIO()
    call_command("bootstrap", stdout=out)
    text = out.getvalue()
    block = text.split("hết hạn sau 72 giờ):")[1].strip().split("\n\n")[0]
    codes = dict(line.split() for line in block.splitlines())
    assert set(codes) == {"lanhdao", "hotro", "quantri"}
    assert all(len(c) == 14 for c in codes.values())


def test_the_user_guide_stays_readable_before_the_second_factor(client):
    """The help link on the set-up page leads to the guide, which is public, not back to the set-up page."""
    leader = member(Role.LEADER, "96", on=NOW)
    client.force_login(leader)
    assert client.get("/").status_code == 302
    page = client.get("/accounts/2fa/")
    assert 'href="/huong-dan/' in page.content.decode()
    r = client.get("/huong-dan/")
    assert r.status_code == 200 and "Hướng dẫn" in r.content.decode()
