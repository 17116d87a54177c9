"""Lockout by username and address together; a growing delay for an address alone; a message that says what is
locked and until when; administrators unlock from the security page."""

from datetime import date, timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.utils import timezone

from pcmd.accounts.models import Role, SecurityEvent
from tests.factories import PASSWORD, member

pytestmark = pytest.mark.django_db
NOW = date(2025, 7, 1)
OFFICE, HOME = "192.0.2.10", "198.51.100.7"


def _try(client, user, password, ip):
    client.logout()
    return client.post("/accounts/login/", {"username": user.username, "password": password}, REMOTE_ADDR=ip)


def _age_failures(seconds=3600):
    """As if the address's last failures were long ago (the delay has run out; the lock has not)."""
    AccessFailureLog.objects.update(attempt_time=timezone.now() - timedelta(seconds=seconds))


def test_five_failures_lock_that_username_from_that_address_only(client):
    alice, bob = member(Role.INSPECTOR, "96", on=NOW), member(Role.INSPECTOR, "96", on=NOW)
    for _ in range(4):
        assert _try(client, alice, "sai-mat-khau", OFFICE).status_code == 200
    assert _try(client, alice, "sai-mat-khau", OFFICE).status_code == 429  # the fifth locks
    _age_failures(30)
    r = _try(client, alice, PASSWORD, OFFICE)
    text = r.content.decode()
    assert r.status_code == 429 and f"«{alice.username}»" in text and "từ địa chỉ mạng này" in text
    until = timezone.localtime(
        AccessAttempt.objects.get(username=alice.username).attempt_time + timedelta(minutes=15)
    )
    assert until.strftime("%H:%M %d/%m/%Y") in text
    assert _try(client, alice, PASSWORD, HOME).status_code == 302  # the same official from elsewhere
    _age_failures(60)  # (the address's short wait over)
    assert _try(client, bob, PASSWORD, OFFICE).status_code == 302  # a colleague behind the same address


def test_an_address_that_keeps_failing_waits_longer_each_time_but_is_never_walled(client):
    users = [member(Role.INSPECTOR, "96", on=NOW) for _ in range(8)]
    for user in users[:5]:  # five different usernames, one failure each: nobody is locked
        assert _try(client, user, "sai", OFFICE).status_code == 200
    r = _try(client, users[5], "sai", OFFICE)
    assert (r.status_code == 429 and "chờ 2 giây" in r.content.decode()) or "chờ 1 giây" in r.content.decode()
    assert (
        int(r["Retry-After"]) <= 2 and not AccessAttempt.objects.filter(username=users[5].username).exists()
    )
    _age_failures(2)
    assert _try(client, users[5], "sai", OFFICE).status_code == 200  # 6th failure: the next wait doubles
    r = _try(client, users[6], PASSWORD, OFFICE)
    assert r.status_code == 429 and int(r["Retry-After"]) in (2, 3)
    for _ in range(3):  # 7th, 8th, 9th failures, each after its wait
        _age_failures(20)
        assert _try(client, users[6], "sai", OFFICE).status_code == 200
    r = _try(client, users[7], PASSWORD, OFFICE)
    assert r.status_code == 429 and 16 <= int(r["Retry-After"]) <= 17  # 2 ** (9 - 5) seconds
    _age_failures(60)
    assert (
        _try(client, users[7], PASSWORD, OFFICE).status_code == 302
    )  # after the wait, the right password works
    assert _try(client, users[0], PASSWORD, HOME).status_code == 302  # another address never waited


def test_an_administrator_unlocks_from_the_security_page(client, settings):
    settings.PCMD_2FA_ROLES = ()
    alice = member(Role.INSPECTOR, "96", on=NOW)
    for _ in range(5):
        _try(client, alice, "sai", OFFICE)
    _age_failures()
    assert _try(client, alice, PASSWORD, OFFICE).status_code == 429
    admin = member(Role.ADMINISTRATOR, "96", on=NOW)
    client.force_login(member(Role.LEADER, "96", on=NOW))
    assert client.get("/accounts/security/").status_code == 404
    client.force_login(admin)
    page = client.get("/accounts/security/").content.decode().split('id="locks"')[1]
    assert alice.username in page and OFFICE in page
    lock = AccessAttempt.objects.get(username=alice.username)
    client.post("/accounts/security/", {"action": "unlock", "lock": lock.pk})
    assert not AccessAttempt.objects.filter(username=alice.username).exists()
    event = SecurityEvent.objects.get(kind="unlocked")
    assert (event.actor, event.user) == (admin, alice)
    assert _try(client, alice, PASSWORD, OFFICE).status_code == 302
