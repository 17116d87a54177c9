from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from pcmd.accounts.scoping import scope_for
from pcmd.core.errors import NotFound
from pcmd.core.period import Period
from pcmd.core.text import search
from pcmd.geography.models import AdminUnit
from pcmd.geography.selectors import units_valid_on
from pcmd.outreach.models import (
    CommunicationActivity,
    Course,
    IndustrialZone,
    LocalPlan,
    Official,
    PilotModel,
    PressItem,
    School,
    SchoolYear,
    ZoneYear,
)
from pcmd.outreach.policies import READERS, activity_scope, scoped
from pcmd.plans.selectors import indicator_level_on


def activity_list_for(*, actor: Any, unit_id: int | None = None, period: Period | None = None,
                      form_id: int | None = None, target_group: str = "") -> QuerySet[CommunicationActivity]:  # fmt: skip
    qs = activity_scope(actor).select_related("unit", "form", "agency", "zone", "school")
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if period:
        qs = qs.filter(held_on__gte=period.start, held_on__lte=period.end)
    if form_id:
        qs = qs.filter(form_id=form_id)
    if target_group:
        qs = qs.filter(target_group=target_group)
    return qs.order_by("-held_on", "-pk")


def communes_without_activity(*, actor: Any, today: date) -> QuerySet[AdminUnit]:
    """Communes in the user's scope with no activity yet in the current quarter (one query)."""
    q = next(p for p in Period.year(today.year).quarters() if p.contains(today))
    scope = scope_for(actor, roles=READERS)
    qs = units_valid_on(on=today, level="commune", province="96")
    if not scope.everything:
        qs = qs.filter(scope.unit_q(""))
    held = CommunicationActivity.objects.filter(unit=OuterRef("pk"), held_on__gte=q.start, held_on__lte=q.end)
    return qs.filter(~Exists(held)).order_by("name")


def press_list() -> QuerySet[PressItem]:
    return PressItem.objects.select_related("outlet").order_by("-published_on", "-pk")


def zone_years_for(*, actor: Any, year: int) -> QuerySet[ZoneYear]:
    return scoped(actor, ZoneYear.objects.filter(year=year), "zone__unit__").select_related("zone__unit")


def school_years_for(*, actor: Any, year: int) -> QuerySet[SchoolYear]:
    qs = scoped(actor, SchoolYear.objects.filter(year=year), "school__unit__").select_related("school__unit")
    return qs.order_by("school__kind", "school__name")


def missing_years(*, actor: Any, year: int) -> dict[str, list[Any]]:
    """Zones and schools in scope with no figures for the year yet (two queries)."""
    zones = scoped(actor, IndustrialZone.objects.filter(active=True)).exclude(years__year=year)
    schools = scoped(actor, School.objects.filter(active=True)).exclude(years__year=year)
    return {"zones": list(zones.order_by("name")), "schools": list(schools.order_by("name"))}


def local_plans_for(*, actor: Any, year: int | None = None, level: str = "") -> QuerySet[LocalPlan]:
    qs = scoped(actor, LocalPlan.objects.all()).select_related("unit").prefetch_related("integrated_with")
    if year:
        qs = qs.filter(year=year)
    if level:
        qs = qs.filter(unit__level=level)
    return qs.order_by("-year", "unit__level", "unit__name")


def units_without_plan(*, actor: Any, year: int, level: str) -> QuerySet[AdminUnit]:
    """Units of `level` in the user's scope, valid at the end of the year (or today), with no plan for it."""
    on = min(date(year, 12, 31), timezone.localdate())
    qs = units_valid_on(on=on, level=level, province="96")
    scope = scope_for(actor, roles=READERS)
    if not scope.everything:
        qs = qs.filter(scope.unit_q(""))
    return qs.exclude(pk__in=LocalPlan.objects.filter(year=year).values("unit_id")).order_by("name")


def pilot_models_for(*, actor: Any, status: str = "") -> QuerySet[PilotModel]:
    qs = scoped(actor, PilotModel.objects.all()).select_related("unit", "kind")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-started_on", "-pk")


def officials_for(*, actor: Any, level: str = "", name: str = "", current: bool = False,
                  today: date | None = None) -> QuerySet[Official]:  # fmt: skip
    qs = scoped(actor, Official.objects.all()).select_related("unit", "agency")
    qs = qs.annotate(trainings=Count("participations"))
    if level:
        qs = qs.filter(unit__level=level)
    if name:
        qs = search(qs, ["full_name"], name)  # "hoa" finds "Hòa"
    if current:
        d = today or timezone.localdate()
        qs = qs.filter(Q(active_from__lte=d) & (Q(active_to__isnull=True) | Q(active_to__gte=d)))
    return qs.order_by("unit__level", "unit__name", "full_name")


def official_get_for(*, actor: Any, official_id: int) -> Official:
    o = (
        scoped(actor, Official.objects.select_related("unit", "agency", "previous"))
        .filter(pk=official_id)
        .first()
    )
    if o is None:
        raise NotFound()
    return o


def courses_for(*, actor: Any, year: int | None = None) -> QuerySet[Course]:
    qs = scoped(actor, Course.objects.all()).select_related("unit", "organiser")
    if year:
        qs = qs.filter(starts_on__year=year)
    return qs.annotate(n=Count("participations")).order_by("-starts_on", "-pk")


def course_get_for(*, actor: Any, course_id: int) -> Course:
    c = scoped(actor, Course.objects.select_related("unit", "organiser")).filter(pk=course_id).first()
    if c is None:
        raise NotFound()
    return c


def record_get_for(*, actor: Any, model: Any, pk: int, unit_path: str = "unit__") -> Any:
    """One zone/school figure, plan or pilot model in the user's scope (NotFound for missing and not yours)."""
    row = scoped(actor, model.objects.all(), unit_path).filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


def plan_level(year: int) -> str:
    """The level T06 counts local plans at by the end of `year` (districts until 06/2025, then communes)."""
    on = date(year, 12, 31)  # the engine reads the level at the period's end too
    return indicator_level_on(numerator="outreach.units_with_plan_and_activities", on=on) or "district"
