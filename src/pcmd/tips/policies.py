"""Who sees and handles tips. The reporter's identity is protected by law (Luật Tố cáo 2018 art. 47–48): only
the assigned handler and handling officers whose scope covers the tip's commune read it, and each read is
logged. Nobody else — inspectors, commune officers, leaders, API tokens — ever receives it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from pcmd.accounts.models import Role
from pcmd.accounts.scoping import scope_for
from pcmd.core.errors import Forbidden
from pcmd.geography.models import AdminUnit
from pcmd.tips.models import Case, Tip

HANDLERS = (Role.POLICE, Role.LEAD_OFFICER)
READERS = (*HANDLERS, Role.INSPECTOR, Role.LOCAL_OFFICER, Role.DEPARTMENT_OFFICER, Role.LEADER, Role.AUDITOR,
           Role.ADMINISTRATOR)  # fmt: skip


def tip_scope(actor: Any) -> QuerySet[Tip]:
    scope = scope_for(actor, roles=READERS)
    if scope.is_empty:
        return Tip.objects.none()
    return Tip.objects.filter(scope.unit_q("unit__"))


def case_scope(actor: Any) -> QuerySet[Case]:
    scope = scope_for(actor, roles=READERS)
    if scope.is_empty:
        return Case.objects.none()
    return Case.objects.filter(scope.unit_q("unit__"))


def can_handle(actor: Any, tip: Tip) -> bool:
    return tip.handler_id == getattr(actor, "pk", None) or scope_for(actor, roles=HANDLERS).covers(tip.unit)


def require_handle(actor: Any, tip: Tip) -> None:
    if not can_handle(actor, tip):
        raise Forbidden(
            "Bạn không có quyền giải quyết việc này (chỉ người được giao và cán bộ thụ lý có thẩm quyền)."
        )


def can_record_case(actor: Any, unit: AdminUnit) -> bool:
    return scope_for(actor, roles=HANDLERS).covers(unit)


def require_receive(actor: Any, unit: AdminUnit) -> None:
    if not can_record_case(actor, unit):
        raise Forbidden(f"Bạn không có quyền tiếp nhận tin báo, tố cáo tại {unit.name}.")


def can_read_identity(actor: Any, tip: Tip) -> bool:
    """The reporter's identity: the handler and handling officers of the tip's area only."""
    return can_handle(actor, tip)
