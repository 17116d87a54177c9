"""Demo tips (a few hundred over 2021–today: mostly on time, some late, some suspended or extended, a few open)
and a few dozen prostitution cases. Clocks are replayed by the same engine the pages use."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from pcmd.accounts.models import User
from pcmd.core.calendar import WorkingCalendar
from pcmd.core.dataversion import bump
from pcmd.demo.units import CommunePicker
from pcmd.tips import clock
from pcmd.tips.models import Case, CasePerson, ClockEvent, Kind, Tip
from pcmd.tips.rules import rules_in_force

KINDS = [(Kind.CRIME_TIP, 40), (Kind.DENUNCIATION, 20), (Kind.COMPLAINT_1, 10), (Kind.COMPLAINT_2, 3),
         (Kind.PETITION, 22), (Kind.OUT_OF_SCOPE, 5)]  # fmt: skip
CONTENTS = ["Phản ánh nhà nghỉ có dấu hiệu chứa mại dâm", "Tố giác đối tượng môi giới mại dâm qua mạng xã hội",
            "Phản ánh quán karaoke cho nhân viên ngồi tiếp khách", "Khiếu nại quyết định xử phạt vi phạm hành chính",
            "Tin báo tụ điểm mại dâm tại khu vực công viên", "Tố cáo cán bộ bảo kê cơ sở massage"]  # fmt: skip
NAMES = ["Nguyễn Văn Bình", "Trần Thị Lan", "Lê Hoàng Nam", "Phạm Thị Mai", "Võ Minh Tâm"]


def _plan(rng: random.Random, rule: clock.RuleSpec, received: date, today: date,
          cal: WorkingCalendar) -> list[clock.Event]:  # fmt: skip
    """A plausible history: classified, accepted, maybe suspended or extended, then closed (mostly on time)."""
    events = [
        clock.Event("received", received),
        clock.Event("classified", received + timedelta(days=rng.randint(0, 1))),
    ]
    if rule.starts_on == "accepted":
        events.append(clock.Event("accepted", events[-1].on + timedelta(days=rng.randint(1, 5))))
    state = clock.replay(rule, events, cal)
    assert state.due_on is not None
    if rule.suspension_allowed and rng.random() < 0.1:
        s0 = events[-1].on + timedelta(days=rng.randint(1, 8))
        events += [
            clock.Event("suspension_asked", s0),
            clock.Event("suspended", s0, decision_no=f"{rng.randint(1, 200)}/QĐ-TĐC"),
            clock.Event("resumed", s0 + timedelta(days=rng.randint(3, 20)), decision_no=f"{rng.randint(1, 200)}/QĐ-PH"),
        ]  # fmt: skip
        state = clock.replay(rule, events, cal)
    if rule.steps and rng.random() < 0.12:
        assert state.due_on is not None
        step = rule.steps[0]
        ask = state.due_on - timedelta(days=step.window + rng.randint(0, 4))
        if ask >= events[-1].on:
            amount = step.amount if step.mode == "add" else None
            decision = f"{rng.randint(1, 200)}/QĐ-VKS" if step.approver == clock.EXTERNAL else ""
            events += [clock.Event("extension_asked", ask, amount, step=0),
                       clock.Event("extension_approved", ask + timedelta(days=1), amount, decision_no=decision)]  # fmt: skip
            state = clock.replay(rule, events, cal)
    assert state.due_on is not None
    last = events[-1].on
    roll = rng.random()
    close = (state.due_on + timedelta(days=rng.randint(1, 25)) if roll < 0.09
             else last + timedelta(days=rng.randint(0, max((state.due_on - last).days, 0))))  # fmt: skip
    if close >= today or (received >= today - timedelta(days=60) and roll > 0.4):
        return [e for e in events if e.on < today]
    return [*events, clock.Event("closed", close, note=rng.choice(["Đã xác minh, xử lý hành chính",
            "Chuyển cơ quan điều tra khởi tố", "Không có căn cứ, trả lời người báo", "Đã giải quyết, trả lời đơn"]))]  # fmt: skip


DECIDED_BY_LEADER = ("extension_approved", "extension_refused", "suspended")


def seed_tips(*, rng: random.Random, scale: int, today: date) -> dict[str, int]:
    cal = WorkingCalendar()
    rules = {r.kind: r.spec for r in rules_in_force(today)}
    handler = User.objects.filter(username="congan").first()
    leader = User.objects.filter(username="lanhdao").first() or handler
    kinds, weights = zip(*KINDS, strict=True)
    communes = CommunePicker()
    span = (today - date(2021, 1, 1)).days
    tips: list[Tip] = []
    histories: list[list[clock.Event]] = []
    per_year: dict[int, int] = {}
    for i in range(300 * scale):
        # the last 15 of each 300 arrive in the past two months, so the work lists have something in them
        start, days = (date(2021, 1, 1), span) if i % 300 < 285 else (today - timedelta(days=60), 60)
        received = start + timedelta(days=rng.randint(0, days - 1))
        kind = rng.choices(kinds, weights)[0]
        events = _plan(rng, rules[kind], received, today, cal)
        state = clock.replay(rules[kind], events, cal)
        per_year[received.year] = per_year.get(received.year, 0) + 1
        anonymous = rng.random() < 0.4
        status = state.status
        if status == "received":
            status = "in_progress"
        tips.append(Tip(
            reference=f"TB-{received.year}-{per_year[received.year]:05d}",
            received_at=timezone.make_aware(datetime.combine(received, time(rng.randint(7, 17), rng.randint(0, 59)))),
            channel=rng.choice(Tip.Channel.values), kind=kind, anonymous=anonymous,
            reporter_name="" if anonymous else rng.choice(NAMES),
            reporter_contact="" if anonymous else f"09{rng.randint(10000000, 99999999)}",
            content=rng.choice(CONTENTS), unit=communes.pick(rng, received), handler=handler, assigned_by=handler,
            status=status, due_on=state.due_on, due_count=state.due_count, extension_pending=state.pending_extension is not None,
            result=state.result, closed_on=state.closed_on, on_time=state.on_time,
        ))  # fmt: skip
        histories.append(events)
    Tip.objects.bulk_create(tips, batch_size=1000)
    rows: list[ClockEvent] = []
    for tip, events in zip(tips, histories, strict=True):
        state = clock.replay(rules[tip.kind], events, cal)
        for e, due in zip(events, state.due_after, strict=True):
            rows.append(ClockEvent(tip=tip, type=e.type, on=e.on, amount=e.amount, note=e.note, due_after=due,
                                   step=e.step, decision_no=e.decision_no,
                                   actor=leader if e.type in DECIDED_BY_LEADER else handler))  # fmt: skip
    ClockEvent.objects.bulk_create(rows, batch_size=2000)
    cases = _cases(rng=rng, scale=scale, today=today, tips=tips, communes=communes)
    bump()
    return {"tips": len(tips), "events": len(rows), "cases": cases}


def _cases(*, rng: random.Random, scale: int, today: date, tips: list[Tip], communes: CommunePicker) -> int:
    span = (today - date(2021, 1, 1)).days
    n = 0
    crime = [t for t in tips if t.kind == Kind.CRIME_TIP]
    for i in range(40 * scale):
        detected = date(2021, 1, 1) + timedelta(days=rng.randint(0, span - 1))
        type_ = rng.choices(Case.Type.values, [25, 25, 20, 15, 15])[0]
        criminal = type_ in (Case.Type.ORGANISED, Case.Type.BROKERING) or rng.random() < 0.3
        done = rng.random() < 0.85 and detected + timedelta(days=30) < today
        status = (
            rng.choice([Case.Status.DISMANTLED, Case.Status.PROSECUTED, Case.Status.TRIED])
            if done
            else Case.Status.INVESTIGATING
        )
        case = Case.objects.create(
            reference=f"VV-{detected.year}-{i + 1:04d}", detected_on=detected, unit=communes.pick(rng, detected),
            type=type_, handling=Case.Handling.CRIMINAL if criminal else Case.Handling.ADMINISTRATIVE, status=status,
            dismantled_on=detected + timedelta(days=rng.randint(1, 30)) if done else None,
            summary="Vụ việc mẫu (dữ liệu minh họa)",
        )  # fmt: skip
        linked = [t for t in crime if t.received_at.date() <= detected][-1:]
        case.tips.set(linked)
        roles = {"owner": 1, "broker": rng.randint(0, 2), "seller": rng.randint(1, 6), "buyer": rng.randint(0, 4),
                 "protector": rng.randint(0, 1)}  # fmt: skip
        CasePerson.objects.bulk_create([CasePerson(case=case, role=r, count=c, handling=case.handling)
                                        for r, c in roles.items() if c])  # fmt: skip
        n += 1
    return n
