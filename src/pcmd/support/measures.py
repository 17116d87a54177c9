"""What leaves the support module: counts only, one aggregate query each, {unit id: value} by the commune of
residence (clients without one count on the province). The indicator engine suppresses cells under 5 (T13 is
`sensitive`), and any other figure shown outside this module must go through `suppress`."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q

from pcmd.core.period import Period
from pcmd.support.models import Assessment, Client, Referral, Service

MeasureResult = dict[int, float]
SMALL_CELL = 5


def _province_id() -> int | None:
    from pcmd.geography.models import AdminUnit

    return (
        AdminUnit.objects.filter(level="province", code="96", valid_to__isnull=True)
        .values_list("pk", flat=True)
        .first()
    )


def _by_unit(qs: Any) -> MeasureResult:
    out: MeasureResult = {}
    province = None
    for r in qs.values("unit_id").annotate(n=Count("pk")).order_by():
        key = r["unit_id"]
        if key is None:
            province = province or _province_id()
            key = province
        if key is not None:
            out[key] = out.get(key, 0.0) + float(r["n"])
    return out


def _needing_and_eligible(period: Period) -> Any:
    """Clients in contact during the period whose assessment by its end found a need and eligibility."""
    qualifying = Assessment.objects.filter(client=OuterRef("pk"), assessed_on__lte=period.end, eligible=True)
    return Client.objects.filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.start), Exists(qualifying),
        first_contact_on__lte=period.end,
    )  # fmt: skip


def clients_needing_and_eligible(period: Period) -> MeasureResult:
    """T13 denominator."""
    return _by_unit(_needing_and_eligible(period))


def clients_served(period: Period) -> MeasureResult:
    """T13 numerator: of those, clients with at least one service delivered in the period."""
    served = Service.objects.filter(
        client=OuterRef("pk"), delivered_on__gte=period.start, delivered_on__lte=period.end
    )
    return _by_unit(_needing_and_eligible(period).filter(Exists(served)))


def services(period: Period) -> MeasureResult:
    qs = Service.objects.filter(delivered_on__gte=period.start, delivered_on__lte=period.end)
    out: MeasureResult = {}
    for r in qs.values("client__unit_id").annotate(n=Count("pk")).order_by():
        key = r["client__unit_id"] or _province_id()
        if key is not None:
            out[key] = out.get(key, 0.0) + float(r["n"])
    return out


def referrals_completed(period: Period) -> MeasureResult:
    qs = Referral.objects.filter(
        status="completed", completed_on__gte=period.start, completed_on__lte=period.end
    )
    out: MeasureResult = {}
    for r in qs.values("client__unit_id").annotate(n=Count("pk")).order_by():
        key = r["client__unit_id"] or _province_id()
        if key is not None:
            out[key] = out.get(key, 0.0) + float(r["n"])
    return out


def services_by_type(period: Period) -> dict[str, int | str]:
    """Services by type for the province, with cells under 5 shown as "<5" (and a second cell hidden when only
    one is, so the total cannot reveal it)."""
    rows = dict(
        Service.objects.filter(delivered_on__gte=period.start, delivered_on__lte=period.end)
        .values_list("type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return suppress({k: int(v) for k, v in rows.items()})


def suppress(cells: dict[str, int]) -> dict[str, int | str]:
    hidden = {k for k, v in cells.items() if 0 < v < SMALL_CELL}
    if len(hidden) == 1:
        rest = sorted((v, k) for k, v in cells.items() if k not in hidden and v > 0)
        if rest:
            hidden.add(rest[0][1])
    return {k: ("<5" if k in hidden else v) for k, v in cells.items()}


MEASURES = {
    "support.clients_needing_and_eligible": clients_needing_and_eligible,
    "support.clients_served": clients_served,
    "support.services": services,
    "support.referrals_completed": referrals_completed,
}
