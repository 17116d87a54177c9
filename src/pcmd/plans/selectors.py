from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from pcmd.core.errors import NotFound
from pcmd.plans.models import Indicator, IndicatorLevel, Objective, Plan, Target, Task
from pcmd.plans.policies import task_scope


def plan_current() -> Plan | None:
    return Plan.objects.select_related("program", "province").order_by("-issued_on").first()


def plan_get(*, code: str) -> Plan:
    plan = Plan.objects.select_related("program", "province").filter(code=code).first()
    if plan is None:
        raise NotFound("Không tìm thấy kế hoạch.")
    return plan


def indicators_for(*, plan: Plan) -> QuerySet[Indicator]:
    return plan.indicators.prefetch_related(
        Prefetch("targets", queryset=Target.objects.order_by("tier")), "levels"
    ).order_by("order")


def overdue_tasks(qs: QuerySet[Task], today: date) -> QuerySet[Task]:
    """The one definition of an overdue task: its due date has passed and it is not done."""
    return qs.filter(due__lt=today).exclude(status=Task.Status.DONE)


def tasks_for(*, actor: Any, plan: Plan, overdue_on: date | None = None) -> QuerySet[Task]:
    qs = task_scope(actor).filter(plan=plan)
    if overdue_on:
        qs = overdue_tasks(qs, overdue_on)
    return (
        qs.select_related("unit", "lead_agency")
        .prefetch_related("partner_agencies")
        .order_by("section", "unit__path", "number")
    )


@dataclass(frozen=True)
class PlanOverview:
    plan: Plan
    objectives: list[Objective]
    indicators: list[Indicator]
    tasks: list[Task]
    lead_roles: list[Any]
    overdue_on: date | None = None


def plan_overview(*, actor: Any, plan: Plan, overdue_on: date | None = None) -> PlanOverview:
    return PlanOverview(
        plan=plan,
        objectives=list(plan.objectives.order_by("order")),
        indicators=list(indicators_for(plan=plan)),
        tasks=list(tasks_for(actor=actor, plan=plan, overdue_on=overdue_on)),
        lead_roles=list(
            plan.agency_roles.select_related("agency").filter(role="lead").order_by("valid_from")
        ),
        overdue_on=overdue_on,
    )


def task_get_for(*, actor: Any, task_id: int) -> Task:
    task = (
        task_scope(actor)
        .select_related("plan", "unit", "lead_agency")
        .prefetch_related("partner_agencies")
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise NotFound()
    return task


def task_history(*, task: Task) -> list[Any]:
    return list(task.history.select_related("history_user").order_by("-history_date", "-history_id")[:50])


def indicator_level_on(*, numerator: str, on: date) -> str | None:
    """The level the current plan counts the indicator with this numerator at, on a date (a dated setting)."""
    plan = plan_current()
    if plan is None:
        return None
    rows = IndicatorLevel.objects.filter(indicator__plan=plan, indicator__numerator=numerator)
    for lv in rows.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    ):
        return lv.level
    return None
