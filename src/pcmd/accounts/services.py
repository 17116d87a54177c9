"""Writes for accounts: API tokens (only a digest is stored; scoped, expiring, revocable)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from pcmd.accounts.models import ApiToken, User
from pcmd.accounts.policies import can_manage_token, check_scopes
from pcmd.core.errors import NotFound, PcmdError

TOKEN_PREFIX = "pcmd_"
MAX_TOKEN_DAYS = 366


class TokenExpired(PcmdError):
    status = 401
    code = "token_expired"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(
    *, user: User, name: str, scopes: list[str] | None = None, days: int | None = None
) -> tuple[ApiToken, str]:
    """Create a token; the secret is returned once and never stored. Without scopes it reads the modules that
    are not sensitive; it expires after `days` (PCMD_TOKEN_DAYS, 90 by default)."""
    days = settings.PCMD_TOKEN_DAYS if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise PcmdError(f"Thời hạn khóa phải từ 1 đến {MAX_TOKEN_DAYS} ngày.", field="days")
    if not name.strip():
        raise PcmdError("Hãy đặt tên cho khóa (máy hoặc hệ thống dùng khóa).", field="name")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        digest=_digest(secret),
        scopes=check_scopes(scopes or []),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, secret


def token_authenticate(*, secret: str) -> ApiToken | None:
    """The live token for this secret (its last use recorded); None when unknown or revoked; TokenExpired when
    its time is over."""
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.expires_at <= now:
        raise TokenExpired(f"Khóa API đã hết hạn lúc {timezone.localtime(token.expires_at):%d/%m/%Y %H:%M}: "
                           "hãy tạo khóa mới.")  # fmt: skip
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: Any) -> ApiToken:
    """Its owner or an administrator revokes it; it stops working at once."""
    if not can_manage_token(actor, token):
        raise NotFound()
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), actor
        token.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    return token
