"""The yearly inspection planner: propose establishments so that at least 20% of those active on 1 January
are inspected in the year and every establishment active in 2021–2025 is inspected at least once by the end
of 2025, ordered by risk. Pure scoring over rows fetched in three queries."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet

from pcmd.core.errors import Conflict, PcmdError
from pcmd.establishments.models import (
    Establishment,
    EstablishmentHome,
    Inspection,
    InspectionPlan,
    InspectionPlanItem,
    InspectionTeam,
)
from pcmd.establishments.policies import require_write

YEARLY_SHARE = 0.20
PLAN_START, PLAN_END = date(2021, 1, 1), date(2025, 12, 31)


@dataclass(frozen=True)
class Candidate:
    establishment_id: int
    name: str
    unit_name: str
    score: int
    reason: str
    never_inspected: bool


@dataclass(frozen=True)
class Coverage:
    active_at_start: int
    year_inspected_or_planned: int
    range_active: int
    range_inspected_or_planned: int

    @property
    def year_share(self) -> float:
        return 100 * self.year_inspected_or_planned / self.active_at_start if self.active_at_start else 0.0

    @property
    def range_share(self) -> float:
        return 100 * self.range_inspected_or_planned / self.range_active if self.range_active else 0.0


def team_establishments(team: InspectionTeam, year: int, until: int | None = None) -> QuerySet[Establishment]:
    """Establishments in the team's area active at some time from `year` to `until` (default: the same year)."""
    start, end = date(year, 1, 1), date(until or year, 12, 31)
    qs = Establishment.objects.active_during(start, end)
    if team.level != "province":
        homes = EstablishmentHome.objects.filter(unit__path__startswith=team.unit.path).values(
            "establishment_id"
        )
        qs = qs.filter(pk__in=homes)
    return qs


def candidates(*, team: InspectionTeam, year: int, today: date | None = None) -> list[Candidate]:
    """Every establishment the team covers that is active in the year, scored (highest risk first)."""
    ref = date(year, 1, 1)
    qs = (
        team_establishments(team, year)
        .select_related("business_type", "unit")
        .annotate(
            violations=Count(
                "inspections__violations", filter=Q(inspections__inspected_on__lt=ref), distinct=True
            ),
            last=Max("inspections__inspected_on", filter=Q(inspections__inspected_on__lt=ref)),
            since_2021=Count(
                "inspections", filter=Q(inspections__inspected_on__gte=PLAN_START), distinct=True
            ),
        )
    )
    out = []
    for e in qs:
        years_since = 5 if e.last is None else min((ref - e.last).days // 365, 5)
        never = e.since_2021 == 0
        score = (
            3 * e.violations + years_since + e.business_type.risk_weight + (3 if e.has_minor_workers else 0)
        )
        reasons = []
        if e.violations:
            reasons.append(f"{e.violations} vi phạm trước đây")
        reasons.append("chưa từng kiểm tra" if e.last is None else f"lần cuối {e.last:%d/%m/%Y}")
        if never and year <= PLAN_END.year:
            reasons.append("chưa kiểm tra trong giai đoạn 2021–2025")
        out.append(Candidate(e.pk, e.name, e.unit.name, score, "; ".join(reasons), never))
    return sorted(out, key=lambda c: (-c.score, c.name))


def propose(*, team: InspectionTeam, year: int) -> list[Candidate]:
    """The proposal: enough establishments for 20% this year and for full coverage by 2025 (the never-inspected
    spread over the years left), highest risk first."""
    pool = candidates(team=team, year=year)
    active_at_start = team_establishments(team, year).filter(opened_on__lte=date(year, 1, 1)).count()
    need_year = math.ceil(YEARLY_SHARE * active_at_start)
    never = [c for c in pool if c.never_inspected]
    years_left = max(PLAN_END.year - year + 1, 1)
    need_never = len(never) if year >= PLAN_END.year else math.ceil(len(never) / years_left)
    chosen = never[:need_never] if year <= PLAN_END.year else []
    ids = {c.establishment_id for c in chosen}
    for c in pool:
        if len(chosen) >= max(need_year, len(chosen)):
            break
        if c.establishment_id not in ids:
            chosen.append(c)
            ids.add(c.establishment_id)
    return sorted(chosen, key=lambda c: (-c.score, c.name))


def coverage(*, plan: InspectionPlan) -> Coverage:
    team, year = plan.team, plan.year
    start, end = date(year, 1, 1), date(year, 12, 31)
    planned = set(plan.items.values_list("establishment_id", flat=True))
    base = team_establishments(team, year)
    active_start = set(base.filter(opened_on__lte=start).values_list("pk", flat=True))
    done_year = set(Inspection.objects.filter(establishment__in=base, inspected_on__gte=start,
                                              inspected_on__lte=end).values_list("establishment_id", flat=True))  # fmt: skip
    range_qs = team_establishments(team, PLAN_START.year, PLAN_END.year)
    range_active = set(range_qs.values_list("pk", flat=True))
    done_range = set(Inspection.objects.filter(establishment_id__in=range_active, inspected_on__gte=PLAN_START,
                                               inspected_on__lte=PLAN_END).values_list("establishment_id", flat=True))  # fmt: skip
    planned_in_range = planned & range_active if year <= PLAN_END.year else set()
    return Coverage(
        active_at_start=len(active_start),
        year_inspected_or_planned=len((done_year | planned) & active_start),
        range_active=len(range_active),
        range_inspected_or_planned=len(done_range | planned_in_range),
    )


@transaction.atomic
def plan_create(*, actor: Any, team: InspectionTeam, year: int) -> InspectionPlan:
    require_write(actor, team.unit)
    if InspectionPlan.objects.filter(team=team, year=year).exists():
        raise PcmdError(f"Đội «{team}» đã có kế hoạch kiểm tra năm {year}.", field="year")
    plan = InspectionPlan.objects.create(team=team, year=year, created_by=actor, updated_by=actor)
    InspectionPlanItem.objects.bulk_create(
        InspectionPlanItem(
            plan=plan, establishment_id=c.establishment_id, position=i, score=c.score, reason=c.reason
        )
        for i, c in enumerate(propose(team=team, year=year), start=1)
    )
    return plan


def _touch(plan: InspectionPlan, expected_version: int, actor: Any) -> None:
    require_write(actor, plan.team.unit)
    from django.db.models import F

    if not InspectionPlan.objects.filter(pk=plan.pk, version=expected_version).update(
        version=F("version") + 1
    ):
        raise Conflict()


@transaction.atomic
def plan_add(*, actor: Any, plan: InspectionPlan, expected_version: int, establishment_id: int) -> None:
    _touch(plan, expected_version, actor)
    if not team_establishments(plan.team, plan.year).filter(pk=establishment_id).exists():
        raise PcmdError(
            "Cơ sở này không thuộc địa bàn của đội hoặc không hoạt động trong năm.", field="establishment"
        )
    if plan.items.filter(establishment_id=establishment_id).exists():
        raise PcmdError("Cơ sở đã có trong kế hoạch.", field="establishment")
    last = plan.items.aggregate(m=Max("position"))["m"] or 0
    InspectionPlanItem.objects.create(plan=plan, establishment_id=establishment_id, position=last + 1,
                                      reason="thêm thủ công", added_by_hand=True)  # fmt: skip


@transaction.atomic
def plan_remove(*, actor: Any, plan: InspectionPlan, expected_version: int, item_id: int) -> None:
    _touch(plan, expected_version, actor)
    plan.items.filter(pk=item_id).delete()
    _renumber(plan)


@transaction.atomic
def plan_move(*, actor: Any, plan: InspectionPlan, expected_version: int, item_id: int, delta: int) -> None:
    _touch(plan, expected_version, actor)
    items = list(plan.items.order_by("position"))
    index = next((i for i, it in enumerate(items) if it.pk == item_id), None)
    if index is None:
        raise PcmdError("Không tìm thấy dòng kế hoạch.", field="item")
    target = min(max(index + delta, 0), len(items) - 1)
    items.insert(target, items.pop(index))
    for pos, it in enumerate(items, start=1):
        it.position = pos
    InspectionPlanItem.objects.bulk_update(items, ["position"])


def _renumber(plan: InspectionPlan) -> None:
    items = list(plan.items.order_by("position"))
    for pos, it in enumerate(items, start=1):
        it.position = pos
    InspectionPlanItem.objects.bulk_update(items, ["position"])
