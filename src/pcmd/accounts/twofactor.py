"""Two-factor authentication with django-otp: an authenticator app (TOTP) and ten one-time backup codes."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pcmd.accounts.scoping import scope_for
from pcmd.core.errors import PcmdError

BACKUP_CODES = 10


def required_for(user: Any) -> bool:
    """Whether this user must pass a second factor: superusers, and holders of a role listed in settings."""
    roles = settings.PCMD_2FA_ROLES
    if not roles or not user.is_authenticated:
        return False
    return bool(user.is_superuser or scope_for(user).has_role(*roles))


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: Any) -> TOTPDevice:
    """The device being set up (one per user until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4, title="Mã QR cho ứng dụng xác thực")


def secret_text(device: TOTPDevice) -> str:
    """The key for typing by hand, in groups of four."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def confirm(request: HttpRequest, token: str) -> list[str]:
    """Check the first code from the app, confirm the device, give ten backup codes (shown once) and mark the
    session as verified."""
    device = pending_device(request.user)
    if not device.verify_token(token.replace(" ", "")):
        raise PcmdError("Mã không đúng hoặc đã hết hạn: nhập mã 6 số đang hiện trên ứng dụng.", field="token")
    device.confirmed = True
    device.save()
    static, _ = StaticDevice.objects.get_or_create(user=request.user, name="Mã dự phòng")
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    otp_login(request, device)
    return codes


def verify(request: HttpRequest, token: str) -> None:
    """A code from the app or a backup code (each backup code works once)."""
    device = match_token(request.user, token.replace(" ", ""))
    if device is None:
        raise PcmdError(
            "Mã không đúng hoặc đã dùng: nhập mã 6 số trên ứng dụng hoặc một mã dự phòng.", field="token"
        )
    otp_login(request, device)
