"""Aggregate queries for T01 and T02: {unit id: value} for a period."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, IntegerField
from django.db.models.functions import Cast, ExtractMonth, ExtractQuarter, ExtractYear

from pcmd.core.period import Period
from pcmd.geography.selectors import current_unit_id, lineage_map
from pcmd.outreach.models import CommunicationActivity, PressItem, RegularityRule

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
    """Months of the period with at least one press item, on the province (T02 numerator)."""
    months = (
        PressItem.objects.filter(published_on__gte=period.start, published_on__lte=period.end)
        .annotate(m=Cast(ExtractYear("published_on") * 100 + ExtractMonth("published_on"), IntegerField()))
        .aggregate(n=Count("m", distinct=True))["n"]
    )
    province = current_unit_id("96")
    return {} if province is None else {province: float(months or 0)}


MEASURES = {
    "outreach.communes_with_regular_activity": communes_with_regular_activity,
    "outreach.activities": activities,
    "outreach.months_with_press_item": months_with_press_item,
}
