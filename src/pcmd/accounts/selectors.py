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
