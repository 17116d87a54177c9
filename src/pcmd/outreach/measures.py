"""Aggregate queries for T01, T02, T04–T07, T12 and T14: {unit id: value} for a period, one query each.

Yearly records (zones, schools, local plans) count for every year the period touches. Unit counts (T06, T07,
T12) return 1 per unit with a record at whatever level it was kept; the engine keeps the units at the level the
indicator uses on the period's end (a dated setting of the plan) and counts each once."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count, IntegerField, Q, Sum
from django.db.models.functions import Cast, ExtractMonth, ExtractQuarter, ExtractYear

from pcmd.core.period import Period
from pcmd.geography.selectors import current_unit_id, lineage_map
from pcmd.outreach.models import (
    CommunicationActivity,
    LocalPlan,
    Official,
    PilotModel,
    PressItem,
    RegularityRule,
    SchoolYear,
    ZoneYear,
)

MeasureResult = dict[int, float]


def quarters_required(period: Period) -> int:
    """Quarters in which a commune must have had an activity to count as "maintained regularly"."""
    rule = RegularityRule.objects.filter(valid_from__lte=period.end).order_by("-valid_from").first()
    every = True if rule is None else rule.every_quarter
    return max(len(period.quarters()), 1) if every else 1


def communes_with_regular_activity(period: Period) -> MeasureResult:
    """Communes with at least one activity in every quarter of the period (T01 numerator). Activities are counted
    for the commune that holds their place at the period end, so a commune merged in the middle of the year keeps
    the quarters its predecessors worked: one query for the (unit, quarter) pairs, then the lineage map."""
    need = quarters_required(period)
    pairs = (
        CommunicationActivity.objects.filter(held_on__gte=period.start, held_on__lte=period.end)
        .annotate(q=Cast(ExtractYear("held_on") * 10 + ExtractQuarter("held_on"), IntegerField()))
        .values_list("unit_id", "q")
        .distinct()
        .order_by()
    )
    mapping = lineage_map(on=period.end)
    quarters: dict[int, set[int]] = defaultdict(set)
    for unit_id, q in pairs:
        quarters[mapping.get(unit_id, unit_id)].add(q)
    return {unit_id: 1.0 for unit_id, qs in quarters.items() if len(qs) >= need}


def activities(period: Period) -> MeasureResult:
    qs = CommunicationActivity.objects.filter(held_on__gte=period.start, held_on__lte=period.end)
    return {r["unit_id"]: float(r["n"]) for r in qs.values("unit_id").annotate(n=Count("id")).order_by()}


def months_with_press_item(period: Period) -> MeasureResult:
    """Months of the period with at least one item of a provincial press agency (`Outlet.press_agency`), on the
    province (T02 numerator); the portal and other outlets do not count."""
    months = (
        PressItem.objects.filter(
            published_on__gte=period.start, published_on__lte=period.end, outlet__press_agency=True
        )
        .annotate(m=Cast(ExtractYear("published_on") * 100 + ExtractMonth("published_on"), IntegerField()))
        .aggregate(n=Count("m", distinct=True))["n"]
    )
    province = current_unit_id("96")
    return {} if province is None else {province: float(months or 0)}


def _years(period: Period) -> Q:
    return Q(year__gte=period.start.year, year__lte=period.end.year)


def _sum(qs, key: str, field: str) -> MeasureResult:
    return {r[key]: float(r["n"] or 0) for r in qs.values(key).annotate(n=Sum(field)).order_by()}


def _units(qs) -> MeasureResult:
    return dict.fromkeys(qs.values_list("unit_id", flat=True).distinct().order_by(), 1.0)


def industrial_workers(period: Period) -> MeasureResult:
    """Workers in industrial zones (T04 denominator), by the zone's commune."""
    return _sum(ZoneYear.objects.filter(_years(period)), "zone__unit_id", "workers")


def industrial_workers_reached(period: Period) -> MeasureResult:
    return _sum(ZoneYear.objects.filter(_years(period)), "zone__unit_id", "workers_reached")


def students_enrolled(period: Period) -> MeasureResult:
    """Students of upper-secondary schools, universities and vocational institutions (T05 denominator)."""
    return _sum(SchoolYear.objects.filter(_years(period)), "school__unit_id", "enrolled")


def students_reached(period: Period) -> MeasureResult:
    return _sum(SchoolYear.objects.filter(_years(period)), "school__unit_id", "students_reached")


def units_with_plan_and_activities(period: Period) -> MeasureResult:
    """Units with a plan for the year and activities organised under it (T06 numerator)."""
    return _units(LocalPlan.objects.filter(_years(period), activities_organised=True))


def units_integrating(period: Period) -> MeasureResult:
    """Units whose plan is integrated with at least one other program (T07 numerator)."""
    return _units(LocalPlan.objects.filter(_years(period), integrated_with__isnull=False))


def units_with_pilot_model(period: Period) -> MeasureResult:
    """Units running at least one pilot model at some time in the period (T12 numerator)."""
    running = Q(started_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
    return _units(PilotModel.objects.filter(running))


def _on_roster(d: date) -> Q:
    return Q(active_from__lte=d) & (Q(active_to__isnull=True) | Q(active_to__gte=d))


def officials_rostered(period: Period) -> MeasureResult:
    """Officials on the roster on the period's last day, by their unit (T14 denominator; the unit's level is
    the official's tier)."""
    qs = Official.objects.filter(_on_roster(period.end))
    return {r["unit_id"]: float(r["n"]) for r in qs.values("unit_id").annotate(n=Count("id")).order_by()}


def officials_trained(period: Period) -> MeasureResult:
    """Of those, the distinct officials who attended a course that started in the period, in this post or in the
    one it continues (T14 numerator)."""
    own = Q(
        participations__course__starts_on__gte=period.start, participations__course__starts_on__lte=period.end
    )
    before_move = Q(
        previous__participations__course__starts_on__gte=period.start,
        previous__participations__course__starts_on__lte=period.end,
    )
    qs = Official.objects.filter(_on_roster(period.end)).filter(own | before_move)
    return {
        r["unit_id"]: float(r["n"])
        for r in qs.values("unit_id").annotate(n=Count("id", distinct=True)).order_by()
    }


MEASURES = {
    "outreach.communes_with_regular_activity": communes_with_regular_activity,
    "outreach.activities": activities,
    "outreach.months_with_press_item": months_with_press_item,
    "outreach.industrial_workers": industrial_workers,
    "outreach.industrial_workers_reached": industrial_workers_reached,
    "outreach.students_enrolled": students_enrolled,
    "outreach.students_reached": students_reached,
    "outreach.units_with_plan_and_activities": units_with_plan_and_activities,
    "outreach.units_integrating": units_integrating,
    "outreach.units_with_pilot_model": units_with_pilot_model,
    "outreach.officials_rostered": officials_rostered,
    "outreach.officials_trained": officials_trained,
}
