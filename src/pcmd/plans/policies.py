"""Who may see and change what in the plan. Read scope: tasks of the user's units and below, and the tasks of
the units above (a commune implements the province's tasks); never a sibling unit's tasks."""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q, QuerySet

from pcmd.accounts.models import Role
from pcmd.accounts.scoping import scope_for
from pcmd.geography.selectors import ancestors_paths
from pcmd.plans.models import Task


def task_scope(actor: Any) -> QuerySet[Task]:
    scope = scope_for(actor)
    qs = Task.objects.all()
    if scope.everything:
        return qs
    if scope.is_empty:
        return qs.none()
    above = {a for p in scope.paths for a in ancestors_paths(p)}
    return qs.filter(scope.unit_q("unit__") | Q(unit__path__in=above))


@rules.predicate
def can_change_task(user: Any, task: Task | None) -> bool:
    if task is None:
        return False
    scope = scope_for(user)
    if not task_scope(user).filter(pk=task.pk).exists():
        return False
    if scope.has_role(Role.ADMINISTRATOR) or (scope.everything and scope.has_role(Role.LEAD_OFFICER)):
        return True
    owners = {task.lead_agency_id, *task.partner_agencies.values_list("id", flat=True)} - {None}
    if owners & scope.agency_ids:
        return True
    # A local officer owns the tasks of their own unit and below.
    return scope.has_role(Role.LOCAL_OFFICER, Role.LEAD_OFFICER) and scope.covers(task.unit)


rules.add_perm("plans.change_task", can_change_task)
