"""Aggregate queries for T08 and T09: {unit id: value} for a period, one query each. Tips count in the commune
where the matter arose; a duplicate merged into another record is counted once (on the record it joined)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum

from pcmd.core.period import Period
from pcmd.tips.models import Case, CasePerson, Tip

MeasureResult = dict[int, float]


def _by_unit(qs: Any, agg: Any = None) -> MeasureResult:
    return {
        r["unit_id"]: float(r["n"] or 0)
        for r in qs.values("unit_id").annotate(n=agg or Count("pk")).order_by()
    }


def _tips() -> Any:
    return Tip.objects.filter(merged_into__isnull=True).exclude(kind="out_of_scope")


def received(period: Period) -> MeasureResult:
    return _by_unit(_tips().filter(received_at__date__gte=period.start, received_at__date__lte=period.end))


def closed(period: Period) -> MeasureResult:
    """Matters closed in the period (T08 denominator)."""
    return _by_unit(_tips().filter(closed_on__gte=period.start, closed_on__lte=period.end))


def closed_on_time(period: Period) -> MeasureResult:
    """Matters closed in the period within the limit their clock implies (T08 numerator)."""
    return _by_unit(_tips().filter(closed_on__gte=period.start, closed_on__lte=period.end, on_time=True))


def open_overdue(period: Period) -> MeasureResult:
    """Matters still open at the period end whose due date had passed (suspended ones excluded)."""
    end = period.end
    qs = (
        _tips()
        .filter(received_at__date__lte=end, due_on__lt=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
        .exclude(status=Tip.Status.SUSPENDED)
    )
    return _by_unit(qs)


def cases_detected(period: Period) -> MeasureResult:
    """Criminal organisations (organised rings) detected in the period (T09 denominator)."""
    return _by_unit(Case.objects.filter(type=Case.Type.ORGANISED, detected_on__gte=period.start,
                                        detected_on__lte=period.end))  # fmt: skip


def cases_dismantled(period: Period) -> MeasureResult:
    """Of those, the ones dismantled (or further: prosecuted, tried) by the period end (T09 numerator)."""
    return _by_unit(
        Case.objects.filter(type=Case.Type.ORGANISED, detected_on__gte=period.start, detected_on__lte=period.end,
                            dismantled_on__lte=period.end).exclude(status=Case.Status.INVESTIGATING)
    )  # fmt: skip


def cases_all(period: Period) -> MeasureResult:
    return _by_unit(Case.objects.filter(detected_on__gte=period.start, detected_on__lte=period.end))


def persons_handled(period: Period) -> MeasureResult:
    qs = CasePerson.objects.filter(case__detected_on__gte=period.start, case__detected_on__lte=period.end)
    return {r["case__unit_id"]: float(r["n"] or 0)
            for r in qs.values("case__unit_id").annotate(n=Sum("count")).order_by()}  # fmt: skip


MEASURES = {
    "tips.received": received,
    "tips.closed": closed,
    "tips.closed_on_time": closed_on_time,
    "tips.open_overdue": open_overdue,
    "tips.cases_detected": cases_detected,
    "tips.cases_dismantled": cases_dismantled,
    "tips.cases_all": cases_all,
    "tips.persons_handled": persons_handled,
}
