"""One scoping function every selector uses: what part of the unit tree a user may see.

A role on a unit covers that unit and everything under it (path prefix in SQL); a provincial role covers
the whole installation, including the units merged into the province."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from pcmd.accounts.models import Membership, Role
from pcmd.geography.models import AdminUnit, Level


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    paths: tuple[str, ...] = ()
    roles: frozenset[str] = field(default_factory=frozenset)
    agency_ids: frozenset[int] = field(default_factory=frozenset)
    unit_ids: frozenset[int] = field(default_factory=frozenset)

    def unit_q(self, prefix: str = "unit__") -> Q:
        """Filter records whose unit lies inside the scope."""
        if self.everything:
            return Q()
        if not self.paths:
            return Q(pk__in=[])
        q = Q()
        for path in self.paths:
            q |= Q(**{f"{prefix}path__startswith": path})
        return q

    def covers(self, unit: AdminUnit) -> bool:
        return self.everything or any(unit.path.startswith(p) for p in self.paths)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_empty(self) -> bool:
        return not self.everything and not self.paths


def _active_q(on: date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )


def scope_for(user: Any, *, roles: tuple[str, ...] | None = None, on: date | None = None) -> Scope:
    """The scope of `user`'s active memberships (limited to `roles` if given). Anonymous: empty."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return Scope()
    cache_key = (roles, on)
    cache: dict = user.__dict__.setdefault("_pcmd_scope_cache", {})
    if cache_key in cache:
        return cache[cache_key]
    memberships = Membership.objects.filter(_active_q(on or timezone.localdate()), user=user).select_related(
        "unit"
    )
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    rows = list(memberships)
    scope = Scope(
        everything=any(m.unit.level == Level.PROVINCE for m in rows) or getattr(user, "is_superuser", False),
        paths=tuple(sorted({m.unit.path for m in rows})),
        roles=frozenset(m.role for m in rows),
        agency_ids=frozenset(m.agency_id for m in rows),
        unit_ids=frozenset(m.unit_id for m in rows),
    )
    cache[cache_key] = scope
    return scope


def role_holders(*, roles: tuple[str, ...], on: date | None = None) -> list[tuple[str, Any]]:
    """(unit path, user) for every active membership with one of `roles` (one query): who covers a unit is then
    `unit.path.startswith(path)`, without a query per unit."""
    rows = Membership.objects.filter(
        _active_q(on or timezone.localdate()), role__in=roles, user__is_active=True
    )
    return [(m.unit.path, m.user) for m in rows.select_related("unit", "user")]


__all__ = ["Role", "Scope", "role_holders", "scope_for"]
