from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from pcmd.core.errors import NotFound
from pcmd.core.period import Period
from pcmd.tips.deadlines import due_soon_q, overdue_q
from pcmd.tips.models import Case, Tip
from pcmd.tips.policies import case_scope, tip_scope

OPEN = ~Q(status=Tip.Status.CLOSED)


@dataclass(frozen=True)
class TipFilter:
    status: str = ""
    kind: str = ""
    channel: str = ""
    unit_id: int | None = None
    reference: str = ""
    work: str = ""  # due_soon | overdue | extension | mine
    days: int = 7
    period: Period | None = None


def tip_list_for(*, actor: Any, f: TipFilter, today: date) -> QuerySet[Tip]:
    qs = tip_scope(actor).select_related("unit", "handler").defer("reporter_name", "reporter_contact")
    if f.status:
        qs = qs.filter(status=f.status)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.unit_id:
        qs = qs.filter(unit_id=f.unit_id)
    if f.reference:
        qs = qs.filter(reference__icontains=f.reference.strip())
    if f.period:
        qs = qs.filter(received_at__date__gte=f.period.start, received_at__date__lte=f.period.end)
    if f.work == "due_soon":
        qs = qs.filter(due_soon_q(today, f.days))
    elif f.work == "overdue":
        qs = qs.filter(overdue_q(today))
    elif f.work == "extension":
        qs = qs.filter(OPEN, extension_pending=True)
    elif f.work == "mine":
        qs = qs.filter(OPEN, handler=actor)
    order = ["due_on", "pk"] if f.work in ("due_soon", "overdue") else ["-received_at", "-pk"]
    return qs.order_by(*order)


def work_counts(*, actor: Any, today: date, days: int = 7) -> dict[str, int]:
    """The work lists' sizes in one query."""
    return tip_scope(actor).aggregate(
        due_soon=Count("pk", filter=due_soon_q(today, days)),
        overdue=Count("pk", filter=overdue_q(today)),
        extension=Count("pk", filter=OPEN & Q(extension_pending=True)),
        mine=Count("pk", filter=OPEN & Q(handler=actor)),
    )


def tip_get_for(*, actor: Any, pk: int) -> Tip:
    tip = (
        tip_scope(actor)
        .select_related("unit", "handler", "establishment", "competent_body", "merged_into")
        .defer("reporter_name", "reporter_contact")
        .filter(pk=pk)
        .first()
    )
    if tip is None:
        raise NotFound()
    return tip


def tip_breakdown(*, actor: Any, period: Period) -> list[dict[str, Any]]:
    """Received, closed and closed on time by kind and channel in the user's scope (one query)."""
    qs = tip_scope(actor).filter(merged_into__isnull=True)
    in_period = Q(received_at__date__gte=period.start, received_at__date__lte=period.end)
    closed = Q(closed_on__gte=period.start, closed_on__lte=period.end)
    rows: Any = (
        qs.values("kind", "channel")
        .annotate(
            received=Count("pk", filter=in_period),
            closed=Count("pk", filter=closed),
            on_time=Count("pk", filter=closed & Q(on_time=True)),
        )
        .filter(Q(received__gt=0) | Q(closed__gt=0))
        .order_by("kind", "channel")
    )
    return list(rows)


def case_list_for(
    *, actor: Any, type: str = "", status: str = "", period: Period | None = None
) -> QuerySet[Case]:
    qs = case_scope(actor).select_related("unit")
    if type:
        qs = qs.filter(type=type)
    if status:
        qs = qs.filter(status=status)
    if period:
        qs = qs.filter(detected_on__gte=period.start, detected_on__lte=period.end)
    return qs.order_by("-detected_on", "-pk")


def case_get_for(*, actor: Any, pk: int) -> Case:
    case = case_scope(actor).select_related("unit").filter(pk=pk).first()
    if case is None:
        raise NotFound()
    return case
