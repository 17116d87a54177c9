"""The one definition of "overdue" and "due soon" for tips, used by the work lists, the dashboard, the alerts and
the T08 measures; and the countdown an officer reads ("còn N ngày (làm việc)" / "quá hạn N ngày")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from pcmd.tips.models import Tip

# A matter is running when it is not closed and its clock is not stopped by a suspension.
RUNNING = ~Q(status__in=[Tip.Status.CLOSED, Tip.Status.SUSPENDED])
SOON_DAYS, URGENT_DAYS = 7, 2


def overdue_q(today: date) -> Q:
    """Running matters whose last day has passed (closing on the due date is on time)."""
    return RUNNING & Q(due_on__lt=today)


def due_soon_q(today: date, days: int = SOON_DAYS) -> Q:
    return RUNNING & Q(due_on__gte=today, due_on__lte=today + timedelta(days=days))


@dataclass(frozen=True)
class Countdown:
    text: str
    level: str  # ok | soon | urgent | late | stopped | done | none


def countdown(tip: Any, today: date, cal: Any) -> Countdown:
    """What the officer sees next to the deadline. Working-day limits are counted in working days."""
    if tip.status == Tip.Status.CLOSED:
        return Countdown("Đúng hạn" if tip.on_time else "Trễ hạn", "done")
    if tip.status == Tip.Status.SUSPENDED:
        return Countdown("Tạm đình chỉ: thời hạn dừng", "stopped")
    if tip.due_on is None:
        return Countdown("Chưa phân loại: chưa tính hạn", "none")
    days = (tip.due_on - today).days
    if days < 0:
        return Countdown(f"Quá hạn {-days} ngày", "late")
    if days == 0:
        return Countdown("Hết hạn hôm nay", "urgent")
    if getattr(tip, "due_count", "") == "working":
        n = cal.working_days_between(today, tip.due_on)
        text = f"Còn {n} ngày làm việc"
    else:
        text = f"Còn {days} ngày"
    return Countdown(text, "urgent" if days <= URGENT_DAYS else "soon" if days <= SOON_DAYS else "ok")
