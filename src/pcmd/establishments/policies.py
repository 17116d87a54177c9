"""Who sees and edits the registry: everybody with a unit scope reads the establishments of that scope;
inspectors, lead officers, local officers and administrators write."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from pcmd.accounts.models import Role
from pcmd.accounts.scoping import scope_for
from pcmd.core.errors import Forbidden
from pcmd.establishments.models import Establishment, EstablishmentHome, Inspection
from pcmd.geography.models import AdminUnit

WRITERS = (Role.INSPECTOR, Role.LEAD_OFFICER, Role.LOCAL_OFFICER, Role.ADMINISTRATOR, Role.POLICE)
READERS = (*WRITERS, Role.LEADER, Role.DEPARTMENT_OFFICER, Role.AUDITOR)


def establishment_scope(actor: Any) -> QuerySet[Establishment]:
    scope = scope_for(actor, roles=READERS)
    if scope.is_empty:
        return Establishment.objects.none()
    # An establishment is visible where it is now and where it was before the 2025 re-homing.
    if scope.everything:
        return Establishment.objects.all()
    homes = EstablishmentHome.objects.filter(scope.unit_q("unit__")).values("establishment_id")
    return Establishment.objects.filter(scope.unit_q("unit__") | Q(pk__in=homes))


def inspection_scope(actor: Any) -> QuerySet[Inspection]:
    scope = scope_for(actor, roles=READERS)
    if scope.is_empty:
        return Inspection.objects.none()
    return Inspection.objects.filter(scope.unit_q("unit__") | scope.unit_q("establishment__unit__"))


def can_write(actor: Any, unit: AdminUnit, on: date | None = None) -> bool:
    """Whether `actor` may write establishments of `unit` (on a date: the row's date of an import)."""
    return scope_for(actor, roles=WRITERS, on=on).covers(unit)


def has_write_role(actor: Any, on: date | None = None) -> bool:
    """Read-only roles (leader, auditor, culture department, support worker) cannot write or import."""
    return not scope_for(actor, roles=WRITERS, on=on).is_empty


def require_write(actor: Any, unit: AdminUnit) -> None:
    if not can_write(actor, unit):
        raise Forbidden(f"Bạn không có quyền ghi dữ liệu cơ sở kinh doanh của {unit.name}.")
