from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from pcmd.accounts.api_auth import api_auth_for
from pcmd.core.errors import NotFound
from pcmd.core.params import Id
from pcmd.plans.selectors import plan_current, plan_overview, task_get_for

router = Router(tags=["Kế hoạch"], auth=api_auth_for("plans"))


class TargetOut(Schema):
    comparator: str
    value: float
    period_rule: str
    scope: str
    tier: str


class IndicatorOut(Schema):
    code: str
    name: str
    short_name: str
    numerator: str
    denominator: str
    unit_of_measure: str
    confidence: str
    targets: list[TargetOut]


class TaskOut(Schema):
    id: int
    section: str
    number: int
    text: str
    unit_code: str
    unit_name: str
    status: str
    due: date | None
    version: int


class PlanOut(Schema):
    code: str
    number: str
    issued_on: date
    title: str
    indicators: list[IndicatorOut]
    tasks: list[TaskOut]


def _task(t) -> TaskOut:
    return TaskOut(id=t.pk, section=t.section, number=t.number, text=t.text, unit_code=t.unit.code,
                   unit_name=t.unit.name, status=t.status, due=t.due, version=t.version)  # fmt: skip


@router.get(
    "/plan", response=PlanOut, summary="Kế hoạch hiện hành, chỉ tiêu và nhiệm vụ trong phạm vi của bạn"
)
def current_plan(request: HttpRequest):
    plan = plan_current()
    if plan is None:
        raise HttpError(404, "Chưa nạp kế hoạch nào.")
    o = plan_overview(actor=request.user, plan=plan)
    indicators = [
        IndicatorOut(code=i.code, name=i.name, short_name=i.short_name, numerator=i.numerator,
                     denominator=i.denominator, unit_of_measure=i.unit_of_measure, confidence=i.confidence,
                     targets=[TargetOut(comparator=t.comparator, value=float(t.value), period_rule=t.period_rule,
                                        scope=t.scope, tier=t.tier) for t in i.targets.all()])
        for i in o.indicators
    ]  # fmt: skip
    return PlanOut(code=plan.code, number=plan.number, issued_on=plan.issued_on, title=plan.title,
                   indicators=indicators, tasks=[_task(t) for t in o.tasks])  # fmt: skip


@router.get("/tasks/{task_id}", response=TaskOut, summary="Một nhiệm vụ")
def task(request: HttpRequest, task_id: Id):
    try:
        return _task(task_get_for(actor=request.user, task_id=task_id))
    except NotFound as exc:
        raise HttpError(404, exc.message) from exc
