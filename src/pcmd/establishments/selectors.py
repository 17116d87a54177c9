from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Max, QuerySet

from pcmd.core.errors import NotFound
from pcmd.core.text import normalise, search
from pcmd.establishments.models import Establishment, Inspection, Sanction, Violation
from pcmd.establishments.policies import establishment_scope, inspection_scope


@dataclass(frozen=True)
class EstablishmentFilter:
    q: str = ""
    unit_id: int | None = None
    business_type_id: int | None = None
    status: str = ""
    risk: str = ""
    active_on: date | None = None
    never_inspected: bool = False
    not_inspected_year: int | None = None

    def query(self) -> str:
        """The list's address for these filters (work lists link to the very list they count)."""
        pairs = [("q", self.q), ("unit", self.unit_id or ""), ("business_type", self.business_type_id or ""),
                 ("status", self.status), ("risk", self.risk), ("active", "on" if self.active_on else ""),
                 ("never_inspected", "on" if self.never_inspected else ""),
                 ("not_this_year", "on" if self.not_inspected_year else "")]  # fmt: skip
        return urlencode([(k, v) for k, v in pairs if v])


def establishment_filtered(*, actor: Any, filters: EstablishmentFilter) -> QuerySet[Establishment]:
    """The establishments a list shows for these filters, before ordering and annotations (risk aside)."""
    qs = establishment_scope(actor)
    if filters.unit_id:
        from pcmd.geography.models import AdminUnit

        unit = AdminUnit.objects.filter(pk=filters.unit_id).first()
        if unit is not None:
            qs = qs.filter(unit__path__startswith=unit.path)
    if filters.business_type_id:
        qs = qs.filter(business_type_id=filters.business_type_id)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.active_on:
        qs = qs.active_on(filters.active_on)  # type: ignore[attr-defined]
    if filters.never_inspected:
        qs = qs.never_inspected()  # type: ignore[attr-defined]
    if filters.not_inspected_year:
        y = filters.not_inspected_year
        qs = qs.not_inspected_in(date(y, 1, 1), date(y, 12, 31))  # type: ignore[attr-defined]
    return qs


def establishment_list_for(*, actor: Any, filters: EstablishmentFilter) -> QuerySet[Establishment]:
    qs = establishment_filtered(actor=actor, filters=filters).select_related("business_type", "unit")
    if filters.q:
        qs = search(qs, ["name", "address", "owner_name", "registration_number"], filters.q)
    qs = qs.annotate(
        last_inspected=Max("inspections__inspected_on"),
        violation_count=Count("inspections__violations", distinct=True),
    )
    if filters.risk:
        ids = [e.pk for e in qs if risk_of(e) == filters.risk]
        qs = qs.filter(pk__in=ids)
    return qs.order_by("name", "pk")


def risk_of(e: Any, today: date | None = None) -> str:
    """Risk from history: past violations, time since last inspection, business type; overridable."""
    if e.risk_override:
        return e.risk_override
    today = today or date.today()
    score = getattr(e, "violation_count", 0) * 3 + e.business_type.risk_weight
    last = getattr(e, "last_inspected", None)
    score += 3 if last is None else min((today - last).days // 365, 3)
    if e.has_minor_workers:
        score += 3
    return "high" if score >= 7 else "medium" if score >= 4 else "low"


def establishment_get_for(*, actor: Any, establishment_id: int) -> Establishment:
    e = establishment_scope(actor).select_related("business_type", "unit").filter(pk=establishment_id).first()
    if e is None:
        raise NotFound()
    return e


@dataclass(frozen=True)
class TimelineEntry:
    day: date
    kind: str
    title: str
    detail: str
    obj: Any


def establishment_timeline(*, establishment: Establishment) -> list[TimelineEntry]:
    """Inspections, violations and sanctions of one establishment, newest first (three queries)."""
    entries: list[TimelineEntry] = []
    inspections = list(establishment.inspections.select_related("team", "unit").order_by("-inspected_at"))
    for i in inspections:
        entries.append(TimelineEntry(i.inspected_on, "inspection", f"Kiểm tra – {i.get_result_display()}",
                                     f"Biên bản {i.record_number}, {i.team}, tại {i.unit}", i))  # fmt: skip
    violations = Violation.objects.filter(inspection__establishment=establishment).select_related(
        "act", "inspection"
    )
    for v in violations:
        entries.append(TimelineEntry(v.inspection.inspected_on, "violation", f"Vi phạm: {v.act.name}",
                                     f"Biên bản vi phạm {v.record_number} ({v.act.legal_article})", v))  # fmt: skip
    sanctions = Sanction.objects.filter(violation__inspection__establishment=establishment)
    for s in sanctions:
        entries.append(TimelineEntry(s.decided_on, "sanction", f"Xử phạt: {s.fine_amount:,} đồng".replace(",", "."),
                                     f"Quyết định {s.decision_number} – {s.authority} – {s.get_status_display()}", s))  # fmt: skip
    order = {"sanction": 0, "violation": 1, "inspection": 2}
    return sorted(entries, key=lambda e: (e.day, -order[e.kind]), reverse=True)


def likely_duplicates(*, name: str, address: str, unit_id: int | None, registration_number: str,
                      exclude_id: int | None = None) -> list[Establishment]:  # fmt: skip
    """Same registration number anywhere, or same normalised name and address in the same commune."""
    from django.db.models import Q

    cond = Q(name_normalised=normalise(name), address_normalised=normalise(address), unit_id=unit_id)
    if registration_number:
        cond |= Q(registration_number=registration_number)
    qs = Establishment.objects.filter(cond).select_related("unit")
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return list(qs[:5])


def inspection_get_for(*, actor: Any, inspection_id: int) -> Inspection:
    i = (
        inspection_scope(actor)
        .select_related("establishment", "team", "unit")
        .filter(pk=inspection_id)
        .first()
    )
    if i is None:
        raise NotFound()
    return i


def violation_get_for(*, actor: Any, violation_id: int) -> Violation:
    v = (
        Violation.objects.filter(pk=violation_id, inspection__in=inspection_scope(actor))
        .select_related("act", "inspection")
        .first()
    )
    if v is None:
        raise NotFound()
    return v


def plan_list_for(*, actor: Any) -> QuerySet[Any]:
    from pcmd.accounts.scoping import scope_for
    from pcmd.establishments.models import InspectionPlan
    from pcmd.establishments.policies import READERS

    scope = scope_for(actor, roles=READERS)
    qs = InspectionPlan.objects.select_related("team", "team__unit").annotate(n=Count("items"))
    return qs.filter(scope.unit_q("team__unit__")) if not scope.everything else qs


def plan_get_for(*, actor: Any, plan_id: int) -> Any:
    plan = plan_list_for(actor=actor).filter(pk=plan_id).first()
    if plan is None:
        raise NotFound()
    return plan


def teams_for(*, actor: Any) -> QuerySet[Any]:
    from pcmd.accounts.scoping import scope_for
    from pcmd.establishments.models import InspectionTeam
    from pcmd.establishments.policies import WRITERS

    scope = scope_for(actor, roles=WRITERS)
    qs = InspectionTeam.objects.select_related("unit").order_by("level", "name")
    return qs if scope.everything else qs.filter(scope.unit_q("unit__"))
