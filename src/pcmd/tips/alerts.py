"""Who is told about a matter's deadlines, and the daily alerts: at receipt (tip_receive), 7 and 2 days before each
deadline, and once overdue — in the app and by e-mail through Django's mail framework (console backend unless an
SMTP server is configured). The background worker runs `daily_tip_alerts` every morning and schedules the next run."""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from pcmd.accounts.models import Role
from pcmd.accounts.scoping import role_holders
from pcmd.core.models import Notification
from pcmd.geography.models import AdminUnit
from pcmd.tips.deadlines import RUNNING, SOON_DAYS, URGENT_DAYS
from pcmd.tips.models import Tip
from pcmd.tips.policies import HANDLERS

ALERT_HOUR = 7
logger = logging.getLogger(__name__)


def approvers_of(unit: AdminUnit, role: str) -> list[Any]:
    """Holders of `role` whose scope covers `unit` (one query)."""
    return list({u.pk: u for path, u in role_holders(roles=(role,)) if unit.path.startswith(path)}.values())


def handling_unit_of(
    tip: Tip, *, actor: Any = None, holders: list[tuple[str, Any]] | None = None
) -> list[Any]:
    """The receiving officer, the assigned handler, and the handling officers (police, lead agency) whose scope
    covers the matter's commune; pass `holders` (role_holders(roles=HANDLERS)) when asking for many tips."""
    if holders is None:
        holders = role_holders(roles=HANDLERS)
    users = {u.pk: u for path, u in holders if tip.unit.path.startswith(path)}
    for extra in (actor, tip.handler if tip.handler_id else None):
        if extra is not None and getattr(extra, "pk", None):
            users[extra.pk] = extra
    return list(users.values())


def _send(messages: list[EmailMessage]) -> None:
    try:
        mailers.default.send_messages(messages)
    except OSError:  # an unreachable mail server must not undo the notices already shown in the app
        logger.exception("Không gửi được thư thông báo thời hạn")


def _mail(notices: list[Notification], *, on_commit: bool = True) -> None:
    messages = [EmailMessage("[PCMD] " + n.text, f"{n.text}\n\nXem: {settings.PCMD_BASE_URL}{n.link}",
                             to=[n.user.email]) for n in notices if n.user.email]  # fmt: skip
    if messages and on_commit:
        transaction.on_commit(lambda: _send(messages))
    elif messages:
        _send(messages)


def notify(user: Any, text: str, tip: Tip, *, key: str) -> None:
    """One notice per user and key, by e-mail too the first time."""
    notice, created = Notification.objects.get_or_create(
        user=user, key=key, defaults={"text": text, "link": f"/tips/{tip.pk}/"}
    )
    if created:
        _mail([notice])


def _alert(tip: Tip, today: date) -> tuple[str, str] | None:
    assert tip.due_on is not None
    left = (tip.due_on - today).days
    due = f"{tip.due_on:%d/%m/%Y}"
    if left < 0:
        return "late", f"{tip.reference} đã quá hạn {-left} ngày (hạn {due})."
    if left <= URGENT_DAYS:
        return "d2", f"{tip.reference} còn {left} ngày đến hạn giải quyết {due}."
    if left <= SOON_DAYS:
        return "d7", f"{tip.reference} còn {left} ngày đến hạn giải quyết {due}."
    return None


def send_alerts(*, today: date) -> int:
    """Notify the handling unit and the lead officers of running matters 7 and 2 days before the deadline and once
    overdue: once per tip, threshold and due date, whatever the number of runs (four queries whatever the number
    of tips). Returns the notices created."""
    holders = role_holders(roles=(*HANDLERS, Role.LEAD_OFFICER))
    tips = (Tip.objects.filter(RUNNING, due_on__lte=today + timedelta(days=SOON_DAYS), merged_into__isnull=True)
            .select_related("unit", "handler"))  # fmt: skip
    wanted: dict[tuple[int, str], Notification] = {}
    for tip in tips:
        alert = _alert(tip, today)
        if alert is None:
            continue
        which, text = alert
        key = f"tip-{tip.pk}-{which}-{tip.due_on:%Y%m%d}"
        for user in handling_unit_of(tip, holders=holders):
            wanted[(user.pk, key)] = Notification(user=user, text=text, link=f"/tips/{tip.pk}/", key=key)
    if not wanted:
        return 0
    keys = {k for _, k in wanted}
    sent = set(Notification.objects.filter(key__in=keys).values_list("user_id", "key"))
    new = [n for uk, n in wanted.items() if uk not in sent]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    _mail(new, on_commit=False)
    return len(new)


def next_run(now: datetime) -> datetime:
    """Tomorrow at ALERT_HOUR, local time."""
    local = timezone.localtime(now)
    return timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), time(ALERT_HOUR)))


def schedule_daily_alerts(now: datetime | None = None) -> bool:
    """Queue the next run unless one is already waiting (the chain then keeps itself going)."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=daily_tip_alerts.module_path, status="READY").exists()
    if not waiting:
        daily_tip_alerts.using(run_after=next_run(now or timezone.now())).enqueue()
    return not waiting


@task()
def daily_tip_alerts() -> int:
    """Run by the background worker every morning; queues tomorrow's run before it ends."""
    try:
        return send_alerts(today=timezone.localdate())
    finally:
        daily_tip_alerts.using(run_after=next_run(timezone.now())).enqueue()
