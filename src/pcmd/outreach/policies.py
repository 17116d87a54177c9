from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from pcmd.accounts.models import Role
from pcmd.accounts.scoping import scope_for
from pcmd.core.errors import Forbidden
from pcmd.geography.models import AdminUnit
from pcmd.outreach.models import CommunicationActivity

WRITERS = (Role.DEPARTMENT_OFFICER, Role.LOCAL_OFFICER, Role.LEAD_OFFICER, Role.ADMINISTRATOR)
READERS = (*WRITERS, Role.LEADER, Role.AUDITOR, Role.INSPECTOR, Role.POLICE)


def activity_scope(actor: Any) -> QuerySet[CommunicationActivity]:
    return scoped(actor, CommunicationActivity.objects.all())


def scoped(actor: Any, qs: QuerySet, unit_path: str = "unit__") -> QuerySet:
    """Records of the units in the user's scope (and of the units above, for a unit's own records)."""
    scope = scope_for(actor, roles=READERS)
    return qs.none() if scope.is_empty else qs.filter(scope.unit_q(unit_path))


def require_write(actor: Any, unit: AdminUnit, what: str = "hoạt động tuyên truyền") -> None:
    if not scope_for(actor, roles=WRITERS).covers(unit):
        raise Forbidden(f"Bạn không có quyền ghi {what} của {unit.name}.")


def can_write(actor: Any) -> bool:
    return not scope_for(actor, roles=WRITERS).is_empty


def can_write_press(actor: Any) -> bool:
    return scope_for(actor, roles=(Role.DEPARTMENT_OFFICER, Role.LEAD_OFFICER, Role.ADMINISTRATOR)).everything
