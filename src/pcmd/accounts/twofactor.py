"""Two-factor authentication with django-otp: an authenticator app (TOTP) and ten one-time backup codes.

The first enrolment needs a one-time enrolment code issued by an administrator (shown once, expiring), so the
password alone cannot register a phone; a lost factor is reset by another administrator. Both are recorded as
SecurityEvent rows."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pcmd.accounts.models import EnrolmentCode, Role, SecurityEvent
from pcmd.accounts.scoping import scope_for
from pcmd.core.errors import NotFound, PcmdError

BACKUP_CODES = 10
ENROLMENT_HOURS = 72
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
ENROLMENT_SESSION_KEY = "pcmd_enrolment_code"


def _digest(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").replace(" ", "").upper().encode()).hexdigest()


@transaction.atomic
def issue_enrolment_code(*, user: Any, actor: Any, hours: int = ENROLMENT_HOURS) -> str:
    """A new one-time code for `user` (earlier unused codes stop working); returned once, only its digest kept.
    `actor` None: issued by `pcmd bootstrap` / `pcmd enrolment_code` on the server itself."""
    if actor is not None and not is_security_admin(actor):
        raise NotFound()
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    EnrolmentCode.objects.filter(user=user, used_at__isnull=True).update(expires_at=timezone.now())
    EnrolmentCode.objects.create(user=user, digest=_digest(raw), issued_by=actor,
                                 expires_at=timezone.now() + timedelta(hours=hours))  # fmt: skip
    SecurityEvent.objects.create(actor=actor, user=user, kind=SecurityEvent.Kind.ENROLMENT_CODE,
                                 detail=f"hiệu lực {hours} giờ")  # fmt: skip
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def accept_enrolment_code(request: HttpRequest, code: str) -> None:
    """Check the user's enrolment code; the session may then set up the authenticator app."""
    user: Any = request.user
    row = (EnrolmentCode.objects.filter(user=user, digest=_digest(code), used_at__isnull=True,
                                        expires_at__gt=timezone.now()).first())  # fmt: skip
    if row is None:
        raise PcmdError("Mã đăng ký không đúng, đã dùng hoặc đã hết hạn: xin quản trị hệ thống cấp mã mới.",
                        field="code")  # fmt: skip
    request.session[ENROLMENT_SESSION_KEY] = row.pk


def enrolment_open(request: HttpRequest) -> bool:
    pk: Any = request.session.get(ENROLMENT_SESSION_KEY)
    user: Any = request.user
    live = EnrolmentCode.objects.filter(pk=pk, user=user, used_at__isnull=True, expires_at__gt=timezone.now())
    return bool(pk) and live.exists()


def is_security_admin(actor: Any) -> bool:
    return scope_for(actor, roles=(Role.ADMINISTRATOR,)).has_role(Role.ADMINISTRATOR)


@transaction.atomic
def reset_second_factor(*, user: Any, actor: Any, reason: str) -> None:
    """A lost phone: another administrator removes the user's devices; the user enrols again with a new code."""
    if not is_security_admin(actor) or actor.pk == user.pk:
        raise NotFound()
    if len(reason.strip()) < 10:
        raise PcmdError("Ghi lý do đặt lại (ít nhất 10 ký tự).", field="reason")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    EnrolmentCode.objects.filter(user=user, used_at__isnull=True).update(expires_at=timezone.now())
    SecurityEvent.objects.create(
        actor=actor, user=user, kind=SecurityEvent.Kind.FACTOR_RESET, detail=reason.strip()
    )


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
    session as verified. Needs the enrolment code accepted in this session; it is used up."""
    if not enrolment_open(request):
        raise PcmdError(
            "Cần mã đăng ký do quản trị hệ thống cấp trước khi cài ứng dụng xác thực.", field="token"
        )
    device = pending_device(request.user)
    if not device.verify_token(token.replace(" ", "")):
        raise PcmdError("Mã không đúng hoặc đã hết hạn: nhập mã 6 số đang hiện trên ứng dụng.", field="token")
    device.confirmed = True
    device.save()
    static, _ = StaticDevice.objects.get_or_create(user=request.user, name="Mã dự phòng")
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    EnrolmentCode.objects.filter(pk=request.session.pop(ENROLMENT_SESSION_KEY)).update(used_at=timezone.now())
    user: Any = request.user
    SecurityEvent.objects.create(actor=user, user=user, kind=SecurityEvent.Kind.ENROLLED)
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
