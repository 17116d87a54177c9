"""The statutory clock, replayed from a tip's events. Pure: give it the rule, the events and a calendar.

Every event is checked against the law before it is applied; a refused event raises ClockError with the legal
reason in Vietnamese. The due date is never typed: it is recomputed here from the events, and "on time" is
derived when the matter is closed (closing on the due date is on time).

Counting (DOMAIN §4): a limit in days ends on its last day; a limit in months ends on the same day of the month
reached, or that month's last day when it has none (BLTTHS 2015 art. 134); a limit whose last day is a day off ends
on the next working day when the rule says so (BLDS 2015 art. 148; BLTTHS art. 134 for months; per-rule flags)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from dateutil.relativedelta import relativedelta

from pcmd.core.errors import PcmdError


class Calendar(Protocol):
    def is_working_day(self, d: date) -> bool: ...
    def next_working_day(self, d: date) -> date: ...
    def add_working_days(self, start: date, n: int) -> date: ...
    def working_days_between(self, start: date, end: date) -> int: ...


UNITS = {"calendar": "ngày", "working": "ngày làm việc", "months": "tháng"}
EXTERNAL = "external"  # a step decided by another body (the Procuracy): its decision is recorded with number and date


@dataclass(frozen=True)
class Step:
    """One way a limit may be lengthened. "total": up to `amount` counted from the start of the limit (art. 147's
    "up to 2 months" for a complex matter); "add": up to `amount` more on the current limit, each time."""

    name: str
    mode: str = "add"
    amount: int = 0
    count: str = "calendar"
    remote_amount: int = 0
    max_times: int = 1
    approver: str = ""
    approver_label: str = ""
    window: int = 0
    basis: str = ""
    confidence: str = "C"

    def describe(self, remote: bool = False) -> str:
        n = self.remote_amount if remote and self.remote_amount else self.amount
        unit = UNITS.get(self.count, "ngày")
        what = f"đến tối đa {n} {unit} kể từ ngày bắt đầu tính hạn" if self.mode == "total" else \
            f"thêm tối đa {n} {unit} mỗi lần"  # fmt: skip
        return f"{self.name}: {what}, tối đa {self.max_times} lần"


@dataclass(frozen=True)
class RuleSpec:
    kind: str = ""
    legal_basis: str = ""
    confidence: str = "C"
    starts_on: str = "received"
    accept_limit: int = 0
    accept_count: str = "working"
    limit: int = 20
    limit_count: str = "calendar"
    remote_limit: int = 0
    steps: tuple[Step, ...] = ()
    suspension_allowed: bool = False
    suspension_basis: str = ""
    resume_limit: int = 0  # 0: the time left runs on after resumption (the clock stopped); else a fresh limit
    resume_count: str = "calendar"
    roll_days: bool = True
    roll_months: bool = True


@dataclass(frozen=True)
class Event:
    type: str
    on: date
    amount: int | None = None
    note: str = ""
    step: int | None = None
    decision_no: str = ""


class ClockError(PcmdError):
    code = "clock"


@dataclass
class State:
    received_on: date | None = None
    start_on: date | None = None
    due_on: date | None = None
    raw_due: date | None = None
    due_count: str = "calendar"
    paused_days: int = 0
    accepted: bool = False
    steps_used: list[int] = field(default_factory=list)
    pending: tuple[int, int | None] | None = None
    suspension_asked: bool = False
    suspended_since: date | None = None
    resolved_on: date | None = None
    result: str = ""
    closed_on: date | None = None
    on_time: bool | None = None
    status: str = "received"
    due_after: list[date | None] = field(default_factory=list)

    @property
    def extensions_used(self) -> int:
        return sum(self.steps_used)

    @property
    def pending_extension(self) -> int | None:
        return None if self.pending is None else (self.pending[1] or 0)


def add(cal: Calendar, start: date, n: int, count: str) -> date:
    if count == "working":
        return cal.add_working_days(start, n)
    if count == "months":
        return start + relativedelta(months=n)  # same day, or the month's last day when it has none
    return start + timedelta(days=n)


def rolled(rule: RuleSpec, raw: date, count: str, cal: Calendar) -> date:
    """The last day of a limit after the day-off roll-over the rule applies to its unit."""
    if (
        count == "working"
        or (count == "months" and rule.roll_months)
        or (count == "calendar" and rule.roll_days)
    ):
        return cal.next_working_day(raw)
    return raw


def base_limit(rule: RuleSpec, remote: bool) -> int:
    return rule.remote_limit if remote and rule.remote_limit else rule.limit


def replay(rule: RuleSpec, events: list[Event], cal: Calendar, *, remote: bool = False) -> State:
    s = State(steps_used=[0] * len(rule.steps))
    last: date | None = None
    for i, e in enumerate(events):
        if i == 0 and e.type != "received":
            raise ClockError("Sự kiện đầu tiên phải là tiếp nhận.")
        if e.type == "closed" and s.received_on is not None and e.on < s.received_on:
            raise ClockError("Không thể kết thúc trước ngày tiếp nhận.", field="on")
        if s.received_on is not None and e.on < s.received_on:
            raise ClockError(
                f"Ngày {e.on:%d/%m/%Y} trước ngày tiếp nhận ({s.received_on:%d/%m/%Y}).", field="on"
            )
        if last is not None and e.on < last:
            raise ClockError(f"Ngày {e.on:%d/%m/%Y} trước sự kiện liền trước ({last:%d/%m/%Y}).", field="on")
        if s.closed_on is not None:
            raise ClockError("Việc đã kết thúc: không ghi thêm sự kiện.")
        _apply(s, rule, e, cal, remote)
        if s.raw_due is not None:
            s.due_on = rolled(rule, s.raw_due, s.due_count, cal)
        s.due_after.append(s.due_on)
        last = e.on
    return s


def _set(s: State, raw: date, count: str) -> None:
    s.raw_due, s.due_count = raw, count


def _b(basis: str) -> str:
    return f" ({basis})" if basis else ""


def _apply(s: State, rule: RuleSpec, e: Event, cal: Calendar, remote: bool) -> None:  # noqa: C901 – one branch per event
    t = e.type
    if t == "received":
        if s.received_on is not None:
            raise ClockError("Việc đã được tiếp nhận.")
        s.received_on = s.start_on = e.on
        if rule.starts_on == "accepted" and rule.accept_limit:
            _set(s, add(cal, e.on, rule.accept_limit, rule.accept_count), rule.accept_count)
        else:
            _set(s, add(cal, e.on, base_limit(rule, remote), rule.limit_count), rule.limit_count)
        return
    assert s.received_on is not None and s.raw_due is not None and s.due_on is not None
    if t == "classified":
        return
    if s.suspended_since is not None and t not in ("resumed", "transferred"):
        raise ClockError(f"Việc đang tạm đình chỉ từ {s.suspended_since:%d/%m/%Y}: phải phục hồi trước.")
    if t == "accepted":
        if s.accepted:
            raise ClockError("Việc đã được thụ lý.")
        s.accepted, s.status = True, "in_progress"
        if rule.starts_on == "accepted":
            s.start_on = e.on
            _set(s, add(cal, e.on, base_limit(rule, remote), rule.limit_count), rule.limit_count)
    elif t == "not_accepted":
        if not e.note.strip():
            raise ClockError("Không thụ lý phải nêu lý do.", field="note")
        s.resolved_on, s.result, s.status = e.on, e.note.strip(), "resolved"
    elif t == "extension_asked":
        _ask_extension(s, rule, e)
    elif t in ("extension_approved", "extension_refused"):
        if s.pending is None:
            raise ClockError("Không có đề nghị gia hạn nào đang chờ quyết định.")
        idx, asked = s.pending
        step = rule.steps[idx]
        if step.approver == EXTERNAL and not e.decision_no.strip():
            raise ClockError(f"Phải ghi số, ngày quyết định của {step.approver_label or 'cơ quan có thẩm quyền'}"
                             f"{_b(step.basis)}.", field="decision_no")  # fmt: skip
        if t == "extension_approved":
            _extend(s, rule, step, idx, asked, e, cal, remote)
        s.pending = None
    elif t == "suspension_asked":
        if not rule.suspension_allowed:
            raise ClockError(f"Loại việc này không được tạm đình chỉ{_b(rule.legal_basis)}.")
        if s.suspension_asked:
            raise ClockError("Đã có đề nghị tạm đình chỉ đang chờ quyết định.")
        s.suspension_asked = True
    elif t == "suspended":
        if not rule.suspension_allowed:
            raise ClockError(f"Loại việc này không được tạm đình chỉ{_b(rule.legal_basis)}.")
        if not s.suspension_asked:
            raise ClockError(
                "Chưa có đề nghị tạm đình chỉ: người thụ lý đề nghị, người có thẩm quyền quyết định."
            )
        if not e.decision_no.strip():
            raise ClockError(
                f"Tạm đình chỉ phải có số quyết định{_b(rule.suspension_basis)}.", field="decision_no"
            )
        s.suspension_asked, s.suspended_since, s.status = False, e.on, "suspended"
    elif t == "resumed":
        if s.suspended_since is None:
            raise ClockError("Việc không ở trạng thái tạm đình chỉ.")
        if not e.decision_no.strip():
            raise ClockError(
                f"Phục hồi phải có số quyết định{_b(rule.suspension_basis)}.", field="decision_no"
            )
        _resume(s, rule, e.on, cal)
    elif t == "transferred":
        # The receiving body's own clock starts on the day it receives the matter.
        s.suspended_since, s.pending, s.suspension_asked = None, None, False
        s.steps_used, s.paused_days, s.start_on = [0] * len(rule.steps), 0, e.on
        _set(s, add(cal, e.on, base_limit(rule, remote), rule.limit_count), rule.limit_count)
        s.status = "in_progress"
    elif t == "resolved":
        if not e.note.strip():
            raise ClockError("Chưa có kết quả giải quyết: hãy ghi kết quả trước khi kết thúc.", field="note")
        s.resolved_on, s.result, s.status = e.on, e.note.strip(), "resolved"
    elif t == "closed":
        if s.resolved_on is None:
            if not e.note.strip():
                raise ClockError(
                    "Chưa có kết quả giải quyết: hãy ghi kết quả trước khi kết thúc.", field="note"
                )
            s.resolved_on, s.result = e.on, e.note.strip()
        s.pending, s.suspension_asked = None, False
        s.closed_on, s.status = e.on, "closed"
        s.on_time = e.on <= s.due_on
    else:
        raise ClockError(f"Sự kiện không hợp lệ: {t}.")


def next_step(rule: RuleSpec, s: State) -> int | None:
    """The step an extension request uses when none is named: the first one still available."""
    for i, step in enumerate(rule.steps):
        if s.steps_used[i] < step.max_times and (i == 0 or s.steps_used[i - 1] > 0):
            return i
    return None


def _ask_extension(s: State, rule: RuleSpec, e: Event) -> None:
    assert s.due_on is not None
    if not rule.steps:
        raise ClockError(f"Loại việc này không được gia hạn{_b(rule.legal_basis)}.")
    if s.pending is not None:
        raise ClockError("Đã có đề nghị gia hạn đang chờ quyết định.")
    idx = e.step if e.step is not None else next_step(rule, s)
    if idx is None:
        total = sum(st.max_times for st in rule.steps)
        raise ClockError(f"Đã gia hạn {s.extensions_used} lần: luật chỉ cho phép tối đa {total} lần"
                         f"{_b(rule.steps[-1].basis or rule.legal_basis)}.")  # fmt: skip
    if not 0 <= idx < len(rule.steps):
        raise ClockError("Bước gia hạn không hợp lệ.", field="step")
    step = rule.steps[idx]
    if idx > 0 and s.steps_used[idx - 1] == 0:
        raise ClockError(f"«{step.name}» chỉ khi đã áp dụng «{rule.steps[idx - 1].name}»{_b(step.basis)}.",
                         field="step")  # fmt: skip
    if s.steps_used[idx] >= step.max_times:
        raise ClockError(f"«{step.name}» đã dùng {s.steps_used[idx]} lần: luật chỉ cho phép tối đa "
                         f"{step.max_times} lần{_b(step.basis)}.", field="step")  # fmt: skip
    if e.on > s.due_on:
        raise ClockError(f"Đề nghị gia hạn ngày {e.on:%d/%m/%Y} sau khi đã hết hạn ({s.due_on:%d/%m/%Y}).",
                         field="on")  # fmt: skip
    latest = s.due_on - timedelta(days=step.window)
    if e.on > latest:
        raise ClockError(f"Phải đề nghị «{step.name}» chậm nhất {step.window} ngày trước khi hết hạn, tức trước "
                         f"hoặc vào ngày {latest:%d/%m/%Y}{_b(step.basis)}.", field="on")  # fmt: skip
    amount: int | None = None
    if step.mode == "add":
        amount = e.amount or step.amount
        if not 0 < amount <= step.amount:
            raise ClockError(f"Mỗi lần gia hạn tối đa {step.amount} {UNITS.get(step.count, 'ngày')}"
                             f"{_b(step.basis)}.", field="amount")  # fmt: skip
    s.pending = (idx, amount)


def _extend(s: State, rule: RuleSpec, step: Step, idx: int, asked: int | None, e: Event, cal: Calendar,
            remote: bool) -> None:  # fmt: skip
    assert s.raw_due is not None and s.start_on is not None
    if step.mode == "total":
        total = step.remote_amount if remote and step.remote_amount else step.amount
        new = add(cal, s.start_on, total, step.count) + timedelta(days=s.paused_days)
        if new > s.raw_due:  # an extension never shortens the limit
            _set(s, new, step.count)
    else:
        amount = min(e.amount or asked or step.amount, asked or step.amount)
        _set(s, add(cal, s.raw_due, amount, step.count), step.count)
    s.steps_used[idx] += 1


def _resume(s: State, rule: RuleSpec, on: date, cal: Calendar) -> None:
    assert s.suspended_since is not None and s.raw_due is not None
    if rule.resume_limit:
        _set(s, add(cal, on, rule.resume_limit, rule.resume_count), rule.resume_count)
    elif s.due_count == "working":
        _set(s, cal.add_working_days(s.raw_due, cal.working_days_between(s.suspended_since, on)), "working")
    else:
        _set(s, s.raw_due + (on - s.suspended_since), s.due_count)
    s.paused_days += (on - s.suspended_since).days
    s.suspended_since, s.status = None, "in_progress"
