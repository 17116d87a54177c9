from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from pcmd.core.errors import NotFound, PcmdError
from pcmd.plans.models import Indicator, IndicatorLevel, Objective, Plan, Target, Task
from pcmd.plans.policies import task_scope


def plan_for(*, code: str | None = None, on: date | None = None) -> Plan:
    """The plan a figure, page, command or report is about (plans live side by side): the one named by `code`;
    else the one in force on `on` (today by default; the latest issued if two overlap); else the only one;
    else the latest that started before `on` (reports on the months after a plan's end). PcmdError naming the
    field «plan» when there is none."""
    qs = Plan.objects.select_related("program", "province")
    if code:
        plan = qs.filter(code=code).first()
        if plan is None:
            known = ", ".join(qs.order_by("period_start").values_list("code", flat=True))
            raise PcmdError(
                f"Không có kế hoạch mã «{code}»"
                + (f"; các kế hoạch đã nạp: {known}." if known else "; chưa nạp kế hoạch nào."),
                field="plan",
            )
        return plan
    plans = list(qs.order_by("-period_start", "-issued_on"))
    if not plans:
        raise PcmdError("Chưa nạp kế hoạch nào.", field="plan")
    if len(plans) == 1:
        return plans[0]
    on = on or timezone.localdate()
    covering = [p for p in plans if p.period_start <= on <= p.period_end]
    if covering:
        return max(covering, key=lambda p: p.issued_on)
    started = [p for p in plans if p.period_start <= on]
    if started:
        return started[0]
    raise PcmdError(
        f"Ngày {on:%d/%m/%Y} trước mọi kế hoạch đã nạp (sớm nhất từ {plans[-1].period_start:%d/%m/%Y}).",
        field="plan",
    )


def plan_current() -> Plan | None:
    """The plan in force today (or the only one); None before any plan is loaded."""
    try:
        return plan_for()
    except PcmdError:
        return None


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
    """The level the plan in force on that date counts the indicator with this numerator at (a dated setting)."""
    try:
        plan = plan_for(on=on)
    except PcmdError:
        return None
    rows = IndicatorLevel.objects.filter(indicator__plan=plan, indicator__numerator=numerator)
    for lv in rows.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    ):
        return lv.level
    return None


def lead_agency_on(*, plan: Plan, on: date) -> Any:
    """The plan's lead agency (cơ quan thường trực) on a date: Sở LĐTBXH until 28/02/2025, Sở Y tế after."""
    roles = plan.agency_roles.select_related("agency").filter(role="lead", valid_from__lte=on)
    role = roles.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).order_by("-valid_from").first()
    return role.agency if role else None
