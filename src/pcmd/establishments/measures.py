"""Aggregate queries for the indicator engine: one query each, {leaf unit id: value} for a period.

Keys are AdminUnit primary keys (codes are reused across reforms). Establishment counts are grouped by the
commune the establishment belonged to at the period's end (before or after the 2025 re-homing); inspection
counts by the commune where the inspection happened. The engine maps any unit onto the hierarchy it shows.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Least

from pcmd.core.period import Period
from pcmd.establishments.models import Establishment, Inspection, Sanction, Violation

MeasureResult = dict[int, float]


def _home_on(ref: date) -> Q:
    """Join the establishment's commune on a date (one row: homes do not overlap)."""
    return Q(homes__valid_from__lte=ref) & (Q(homes__valid_to__isnull=True) | Q(homes__valid_to__gte=ref))


LEAF = "homes__unit_id"


def _grouped(qs: QuerySet, key: str, **agg) -> MeasureResult:
    (name, expr) = next(iter(agg.items()))
    return {row[key]: float(row[name] or 0) for row in qs.values(key).annotate(**{name: expr}).order_by()}


def active_at_start(period: Period) -> MeasureResult:
    """Establishments active on the period's first day (T10 denominator)."""
    qs = Establishment.objects.active_on(period.start).filter(_home_on(period.end))
    return _grouped(qs, LEAF, n=Count("id"))


def active_in_range(period: Period) -> MeasureResult:
    """Establishments active at any time in the period (T11 denominator)."""
    qs = Establishment.objects.active_during(period.start, period.end).filter(_home_on(period.end))
    return _grouped(qs, LEAF, n=Count("id"))


def inspected_in_period(period: Period) -> MeasureResult:
    """Distinct establishments inspected in the period, by the establishment's commune (T10, T11 numerator)."""
    qs = Establishment.objects.inspected_in(period.start, period.end).filter(_home_on(period.end))
    return _grouped(qs, LEAF, n=Count("id"))


inspected_cumulative = inspected_in_period  # the same count over a range (2021..2025)


def inspected_active_at_start(period: Period) -> MeasureResult:
    """Distinct establishments active on the first day and inspected in the period (T10 numerator)."""
    qs = (
        Establishment.objects.active_on(period.start)
        .inspected_in(period.start, period.end)
        .filter(_home_on(period.end))
    )
    return _grouped(qs, LEAF, n=Count("id"))


def inspections(period: Period) -> MeasureResult:
    qs = Inspection.objects.filter(inspected_on__gte=period.start, inspected_on__lte=period.end)
    return _grouped(qs, "unit_id", n=Count("id"))


def violations(period: Period) -> MeasureResult:
    qs = Violation.objects.filter(
        inspection__inspected_on__gte=period.start, inspection__inspected_on__lte=period.end
    )
    return _grouped(qs, "inspection__unit_id", n=Count("id"))


def establishments_with_violations(period: Period) -> MeasureResult:
    qs = Violation.objects.filter(
        inspection__inspected_on__gte=period.start, inspection__inspected_on__lte=period.end
    )
    return _grouped(qs, "inspection__unit_id", n=Count("inspection__establishment_id", distinct=True))


def fines_imposed(period: Period) -> MeasureResult:
    qs = Sanction.objects.filter(decided_on__gte=period.start, decided_on__lte=period.end)
    return _grouped(qs, "violation__inspection__unit_id", n=Sum("fine_amount"))


def fines_paid(period: Period) -> MeasureResult:
    qs = Sanction.objects.filter(
        paid_on__gte=period.start, paid_on__lte=period.end, status=Sanction.Status.PAID
    )
    return _grouped(qs, "violation__inspection__unit_id", n=Sum("fine_amount"))


def workers_at_active(period: Period) -> MeasureResult:
    """Workers at establishments active on the period's last day (T03 denominator)."""
    qs = Establishment.objects.active_on(period.end).filter(_home_on(period.end))
    return _grouped(qs, LEAF, n=Sum("total_workers"))


def workers_reached(period: Period) -> MeasureResult:
    """Workers informed at establishments active on the period's last day, by the same commune as the
    denominator, each establishment's figure capped at its workers (T03 numerator)."""
    qs = Establishment.objects.active_on(period.end).filter(
        _home_on(period.end),
        reach__year__gte=period.start.year,
        reach__year__lte=period.end.year,
    )
    return _grouped(qs, LEAF, n=Sum(Least("reach__workers_reached", "total_workers")))


def female_workers_at_active(period: Period) -> MeasureResult:
    qs = Establishment.objects.active_on(period.end).filter(_home_on(period.end))
    return _grouped(qs, LEAF, n=Sum("female_workers"))


MEASURES = {
    "establishments.active_at_start": active_at_start,
    "establishments.active_in_range": active_in_range,
    "establishments.inspected_in_period": inspected_in_period,
    "establishments.inspected_active_at_start": inspected_active_at_start,
    "establishments.inspected_cumulative": inspected_cumulative,
    "establishments.inspections": inspections,
    "establishments.violations": violations,
    "establishments.establishments_with_violations": establishments_with_violations,
    "establishments.fines_imposed": fines_imposed,
    "establishments.fines_paid": fines_paid,
    "establishments.workers_at_active": workers_at_active,
    "establishments.female_workers_at_active": female_workers_at_active,
    "establishments.workers_reached": workers_reached,
}
