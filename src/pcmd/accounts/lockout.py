"""Failed sign-ins. django-axes locks a username on one address (both together) for AXES_COOLOFF_TIME after
AXES_FAILURE_LIMIT failures; an address alone that keeps failing across usernames gets a delay that doubles with
each further failure (capped at PCMD_ADDRESS_DELAY_MAX seconds), never a wall. Administrators lift locks from
/accounts/security/."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pcmd.accounts.models import SecurityEvent
from pcmd.core.errors import NotFound


def _window() -> datetime:
    return timezone.now() - settings.AXES_COOLOFF_TIME


def address_wait(request: HttpRequest) -> int:
    """Seconds this address must still wait before its next try (0: go ahead). A username already locked on this
    address is left to the lock, whose message says more."""
    ip = get_client_ip_address(request)
    if not ip:
        return 0
    username = request.POST.get("username", "")
    if AccessAttempt.objects.filter(username=username, ip_address=ip,
                                    failures_since_start__gte=settings.AXES_FAILURE_LIMIT).exists():  # fmt: skip
        return 0
    row = AccessFailureLog.objects.filter(ip_address=ip, attempt_time__gte=_window()).aggregate(
        n=Count("pk"), last=Max("attempt_time")
    )
    over = row["n"] - settings.AXES_FAILURE_LIMIT
    if over < 0 or row["last"] is None:
        return 0
    delay = min(2**over, settings.PCMD_ADDRESS_DELAY_MAX)
    return max(0, int((row["last"] + timedelta(seconds=delay) - timezone.now()).total_seconds()) + 1)


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """What is locked (this username, from this address) and until when."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    until = timezone.localtime(timezone.now() + settings.AXES_COOLOFF_TIME)
    attempt = AccessAttempt.objects.filter(
        username=username, ip_address=get_client_ip_address(request)
    ).first()
    if attempt is not None:
        until = timezone.localtime(attempt.attempt_time + settings.AXES_COOLOFF_TIME)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"username": username, "until": until, "minutes": minutes},
                  status=429)  # fmt: skip


@dataclass(frozen=True)
class Lock:
    pk: int
    username: str
    ip: str
    failures: int
    until: datetime


def current_locks() -> list[Lock]:
    rows = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=_window()
    ).order_by("-attempt_time")
    return [Lock(r.pk, r.username or "", r.ip_address or "", r.failures_since_start,
                 r.attempt_time + settings.AXES_COOLOFF_TIME) for r in rows]  # fmt: skip


@transaction.atomic
def unlock(*, actor: Any, pk: int) -> Lock:
    from pcmd.accounts.models import User
    from pcmd.accounts.twofactor import is_security_admin

    row = AccessAttempt.objects.filter(pk=pk).first()
    if row is None or not is_security_admin(actor):
        raise NotFound()
    lock = Lock(row.pk, row.username or "", row.ip_address or "", row.failures_since_start, row.attempt_time)
    row.delete()
    AccessFailureLog.objects.filter(username=lock.username, ip_address=lock.ip).delete()
    SecurityEvent.objects.create(actor=actor, user=User.objects.filter(username=lock.username).first(),
                                 kind=SecurityEvent.Kind.UNLOCKED, detail=f"{lock.username} từ {lock.ip}")  # fmt: skip
    return lock
