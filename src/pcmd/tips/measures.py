"""Aggregate queries for T08 and T09: {unit id: value} for a period, one query each. Tips count in the commune
where the matter arose; a duplicate merged into another record is counted once (on the record it joined).
T08 counts a matter in the period its deadline falls, with the one "overdue" definition of `deadlines`."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from pcmd.core.period import Period
from pcmd.tips.deadlines import overdue_q
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
    """Matters closed in the period."""
    return _by_unit(_tips().filter(closed_on__gte=period.start, closed_on__lte=period.end))


def _due_in(period: Period) -> Any:
    return _tips().filter(due_on__gte=period.start, due_on__lte=period.end)


def deadline_counted(period: Period) -> MeasureResult:
    """T08 denominator, as the law counts it: matters whose deadline falls in the period and that are either closed
    or past their deadline today (open and not yet due: not counted yet; suspended: the clock is stopped)."""
    return _by_unit(_due_in(period).filter(Q(status=Tip.Status.CLOSED) | overdue_q(timezone.localdate())))


def deadline_met(period: Period) -> MeasureResult:
    """T08 numerator: of those, the matters closed by their deadline."""
    return _by_unit(_due_in(period).filter(status=Tip.Status.CLOSED, on_time=True))


def open_overdue(period: Period) -> MeasureResult:
    """Matters whose deadline fell in the period and that are still running past it today."""
    return _by_unit(_due_in(period).filter(overdue_q(timezone.localdate())))


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
    "tips.deadline_counted": deadline_counted,
    "tips.deadline_met": deadline_met,
    "tips.open_overdue": open_overdue,
    "tips.cases_detected": cases_detected,
    "tips.cases_dismantled": cases_dismantled,
    "tips.cases_all": cases_all,
    "tips.persons_handled": persons_handled,
}
