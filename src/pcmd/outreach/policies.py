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
    scope = scope_for(actor, roles=READERS)
    if scope.is_empty:
        return CommunicationActivity.objects.none()
    return CommunicationActivity.objects.filter(scope.unit_q("unit__"))


def require_write(actor: Any, unit: AdminUnit) -> None:
    if not scope_for(actor, roles=WRITERS).covers(unit):
        raise Forbidden(f"Bạn không có quyền ghi hoạt động tuyên truyền của {unit.name}.")


def can_write_press(actor: Any) -> bool:
    return scope_for(actor, roles=(Role.DEPARTMENT_OFFICER, Role.LEAD_OFFICER, Role.ADMINISTRATOR)).everything
