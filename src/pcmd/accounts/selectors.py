from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from pcmd.accounts.models import ApiToken, Membership, Role
from pcmd.accounts.scoping import scope_for


def memberships_of(*, user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("agency", "unit").order_by("unit__path")


def user_by_username(username: str) -> Any:
    """An active user by login name (the CLI's --user), or None."""
    from pcmd.accounts.models import User

    return User.objects.filter(username=username, is_active=True).first()


def tokens_for(*, actor: Any) -> QuerySet[ApiToken]:
    """The actor's own tokens; every token for an administrator (to revoke them)."""
    qs = ApiToken.objects.select_related("user", "revoked_by").order_by("revoked_at", "-created_at")
    return qs if scope_for(actor).has_role(Role.ADMINISTRATOR) else qs.filter(user=actor)


def token_get_for(*, actor: Any, pk: int) -> ApiToken | None:
    return tokens_for(actor=actor).filter(pk=pk).first()


def second_factor_roster() -> list[dict[str, Any]]:
    """Everyone who must pass a second factor, with whether they enrolled and any code waiting (three queries)."""
    from django.conf import settings
    from django.db.models import Q
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pcmd.accounts.models import EnrolmentCode, User

    users = list(User.objects.filter(Q(is_superuser=True) | Q(memberships__role__in=settings.PCMD_2FA_ROLES),
                                     is_active=True).distinct().order_by("username"))  # fmt: skip
    enrolled = set(
        TOTPDevice.objects.filter(user__in=users, confirmed=True).values_list("user_id", flat=True)
    )
    codes = {c.user_id: c.expires_at for c in EnrolmentCode.objects.filter(
        user__in=users, used_at__isnull=True, expires_at__gt=timezone.now())}  # fmt: skip
    return [{"user": u, "enrolled": u.pk in enrolled, "code_until": codes.get(u.pk)} for u in users]


def active_user(*, pk: int) -> Any:
    from pcmd.accounts.models import User

    return User.objects.filter(pk=pk, is_active=True).first()


def security_events(*, limit: int = 50) -> list[Any]:
    from pcmd.accounts.models import SecurityEvent

    return list(SecurityEvent.objects.select_related("actor", "user")[:limit])
