from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from pcmd.accounts.models import Membership


def memberships_of(*, user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("agency", "unit").order_by("unit__path")


def user_by_username(username: str) -> Any:
    """An active user by login name (the CLI's --user), or None."""
    from pcmd.accounts.models import User

    return User.objects.filter(username=username, is_active=True).first()
