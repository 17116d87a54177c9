from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from pcmd.accounts.scoping import scope_for
from pcmd.core.period import Period
from pcmd.geography.models import AdminUnit
from pcmd.geography.selectors import units_valid_on
from pcmd.outreach.models import CommunicationActivity, PressItem
from pcmd.outreach.policies import READERS, activity_scope


def activity_list_for(*, actor: Any, unit_id: int | None = None, period: Period | None = None,
                      form_id: int | None = None) -> QuerySet[CommunicationActivity]:  # fmt: skip
    qs = activity_scope(actor).select_related("unit", "form", "agency")
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if period:
        qs = qs.filter(held_on__gte=period.start, held_on__lte=period.end)
    if form_id:
        qs = qs.filter(form_id=form_id)
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
    return PressItem.objects.order_by("-published_on", "-pk")
