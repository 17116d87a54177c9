"""Who sees and handles tips. The reporter's identity is protected by law (Luật Tố cáo 2018 art. 47–48): it is
read on a need-to-handle basis only — the officer assigned to the matter and the one who assigned them (before
any assignment, the officer who received it) — and each read is logged with the purpose the reader chose. No
role and no superuser flag widens this: an administrator who must see it breaks the glass with a written reason,
which the auditors are shown at once. Nobody else — inspectors, commune officers, leaders, API tokens — ever
receives it."""

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


def identity_holders(tip: Tip) -> set[int]:
    """The users handling this matter: the assigned officer and whoever assigned them; while nobody is assigned,
    the officer who received it."""
    ids = {tip.handler_id, tip.assigned_by_id} if tip.handler_id else {tip.created_by_id}
    return {i for i in ids if i is not None}


def can_read_identity(actor: Any, tip: Tip) -> bool:
    """Need to handle, nothing else: no role, scope or superuser flag counts."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    return actor.pk in identity_holders(tip)


def can_break_glass(actor: Any, tip: Tip) -> bool:
    """An administrator whose membership covers the tip's unit may open it in an emergency, with a written reason
    (the unit paths of the memberships only: the superuser flag widens nothing here)."""
    paths = scope_for(actor, roles=(Role.ADMINISTRATOR,)).paths
    return any(tip.unit.path.startswith(p) for p in paths) and not can_read_identity(actor, tip)
