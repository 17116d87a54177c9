"""What leaves the support module: counts only, one aggregate query each, {unit id: value} by the commune of
residence (clients without one count on the province). The indicator engine suppresses cells under 5 (T13 is
`sensitive`), and any other figure shown outside this module must go through `suppress`."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q

from pcmd.core.period import Period
from pcmd.core.suppression import hidden_keys
from pcmd.geography.selectors import current_unit_id
from pcmd.support.models import Assessment, Client, Referral, Service

MeasureResult = dict[int, float]


def _by_unit(qs: Any, field: str = "unit_id") -> MeasureResult:
    """Count rows of `qs` by the client's commune of residence; no commune counts on the province."""
    out: MeasureResult = {}
    for r in qs.values(field).annotate(n=Count("pk")).order_by():
        key = r[field] if r[field] is not None else current_unit_id("96")
        if key is not None:
            out[key] = out.get(key, 0.0) + float(r["n"])
    return out


def _delivered(period: Period) -> Any:
    """Services delivered in the period; a voided service (recorded by mistake) never counts."""
    return Service.objects.filter(
        delivered_on__gte=period.start, delivered_on__lte=period.end, voided_at__isnull=True
    )


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
    served = _delivered(period).filter(client=OuterRef("pk"))
    return _by_unit(_needing_and_eligible(period).filter(Exists(served)))


def services(period: Period) -> MeasureResult:
    return _by_unit(_delivered(period), "client__unit_id")


def referrals_completed(period: Period) -> MeasureResult:
    qs = Referral.objects.filter(
        status="completed", completed_on__gte=period.start, completed_on__lte=period.end
    )
    return _by_unit(qs, "client__unit_id")


def services_by_type(period: Period) -> dict[str, int | str]:
    """Services by type for the province, with cells under 5 shown as "<5" (and a second cell hidden when only
    one is, so the total cannot reveal it)."""
    rows = dict(_delivered(period).values_list("type").annotate(n=Count("pk")).order_by())
    return suppress({k: int(v) for k, v in rows.items()})


def suppress(cells: dict[str, int]) -> dict[str, int | str]:
    hidden = hidden_keys(cells)
    return {k: ("<5" if k in hidden else v) for k, v in cells.items()}


MEASURES = {
    "support.clients_needing_and_eligible": clients_needing_and_eligible,
    "support.clients_served": clients_served,
    "support.services": services,
    "support.referrals_completed": referrals_completed,
}
