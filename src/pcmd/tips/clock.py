"""The statutory clock, replayed from a tip's events. Pure: give it the rule, the events and a calendar.

Every event is checked against the law before it is applied; a refused event raises ClockError with the legal
reason in Vietnamese. The due date is never typed: it is recomputed here from the events, and "on time" is
derived when the matter is closed (closing on the due date is on time)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from dateutil.relativedelta import relativedelta

from pcmd.core.errors import PcmdError


class Calendar(Protocol):
    def is_working_day(self, d: date) -> bool: ...
    def add_working_days(self, start: date, n: int) -> date: ...
    def working_days_between(self, start: date, end: date) -> int: ...


class Rule(Protocol):
    starts_on: str
    accept_limit: int
    accept_count: str
    limit: int
    limit_count: str
    max_extensions: int
    extension: int
    extension_count: str
    extension_window: int
    suspension_allowed: bool
    legal_basis: str


@dataclass(frozen=True)
class Event:
    type: str
    on: date
    amount: int | None = None
    note: str = ""


class ClockError(PcmdError):
    code = "clock"


@dataclass
class State:
    received_on: date | None = None
    due_on: date | None = None
    accepted: bool = False
    extensions_used: int = 0
    pending_extension: int | None = None
    suspended_since: date | None = None
    resolved_on: date | None = None
    result: str = ""
    closed_on: date | None = None
    on_time: bool | None = None
    status: str = "received"
    due_after: list[date | None] = field(default_factory=list)


def add(cal: Calendar, start: date, n: int, count: str) -> date:
    if count == "working":
        return cal.add_working_days(start, n)
    if count == "months":
        return start + relativedelta(months=n)
    return start + timedelta(days=n)


def _unit(count: str) -> str:
    return {"working": "ngày làm việc", "months": "tháng"}.get(count, "ngày")


def replay(rule: Rule, events: list[Event], cal: Calendar) -> State:
    s = State()
    basis = f" ({rule.legal_basis})" if rule.legal_basis else ""
    last: date | None = None
    for i, e in enumerate(events):
        if i == 0 and e.type != "received":
            raise ClockError("Sự kiện đầu tiên phải là tiếp nhận.")
        if e.type == "closed" and s.received_on is not None and e.on < s.received_on:
            raise ClockError("Không thể kết thúc trước ngày tiếp nhận.", field="on")
        if last is not None and e.on < last:
            raise ClockError(f"Ngày {e.on:%d/%m/%Y} trước sự kiện liền trước ({last:%d/%m/%Y}).", field="on")
        if s.closed_on is not None:
            raise ClockError("Việc đã kết thúc: không ghi thêm sự kiện.")
        _apply(s, rule, e, cal, basis)
        if rule.limit_count == "working" and s.due_on is not None:
            while not cal.is_working_day(s.due_on):  # a working-day limit never ends on a day off
                s.due_on += timedelta(days=1)
        s.due_after.append(s.due_on)
        last = e.on
    return s


def _apply(s: State, rule: Rule, e: Event, cal: Calendar, basis: str) -> None:  # noqa: C901 – one branch per event
    t = e.type
    if t == "received":
        if s.received_on is not None:
            raise ClockError("Việc đã được tiếp nhận.")
        s.received_on = e.on
        if rule.starts_on == "accepted" and rule.accept_limit:
            s.due_on = add(cal, e.on, rule.accept_limit, rule.accept_count)
        else:
            s.due_on = add(cal, e.on, rule.limit, rule.limit_count)
        return
    assert s.received_on is not None and s.due_on is not None
    if t == "classified":
        return
    if s.suspended_since is not None and t not in ("resumed", "transferred"):
        raise ClockError(f"Việc đang tạm đình chỉ từ {s.suspended_since:%d/%m/%Y}: phải phục hồi trước.")
    if t == "accepted":
        if s.accepted:
            raise ClockError("Việc đã được thụ lý.")
        s.accepted, s.status = True, "in_progress"
        if rule.starts_on == "accepted":
            s.due_on = add(cal, e.on, rule.limit, rule.limit_count)
    elif t == "not_accepted":
        if not e.note.strip():
            raise ClockError("Không thụ lý phải nêu lý do.", field="note")
        s.resolved_on, s.result, s.status = e.on, e.note.strip(), "resolved"
    elif t == "extension_asked":
        if rule.max_extensions == 0:
            raise ClockError(f"Loại việc này không được gia hạn{basis}.")
        if s.extensions_used >= rule.max_extensions:
            raise ClockError(f"Đã gia hạn {s.extensions_used} lần: luật chỉ cho phép tối đa "
                             f"{rule.max_extensions} lần{basis}.")  # fmt: skip
        if s.pending_extension is not None:
            raise ClockError("Đã có đề nghị gia hạn đang chờ quyết định.")
        if e.on > s.due_on:
            raise ClockError(f"Đề nghị gia hạn ngày {e.on:%d/%m/%Y} sau khi đã hết hạn ({s.due_on:%d/%m/%Y}).",
                             field="on")  # fmt: skip
        latest = s.due_on - timedelta(days=rule.extension_window)
        if e.on > latest:
            raise ClockError(f"Phải đề nghị gia hạn chậm nhất {rule.extension_window} ngày trước khi hết hạn, "
                             f"tức trước hoặc vào ngày {latest:%d/%m/%Y}{basis}.", field="on")  # fmt: skip
        amount = e.amount or rule.extension
        if not 0 < amount <= rule.extension:
            raise ClockError(f"Mỗi lần gia hạn tối đa {rule.extension} {_unit(rule.extension_count)}{basis}.",
                             field="amount")  # fmt: skip
        s.pending_extension = amount
    elif t in ("extension_approved", "extension_refused"):
        if s.pending_extension is None:
            raise ClockError("Không có đề nghị gia hạn nào đang chờ quyết định.")
        if t == "extension_approved":
            amount = min(e.amount or s.pending_extension, s.pending_extension)
            s.due_on = add(cal, s.due_on, amount, rule.extension_count)
            s.extensions_used += 1
        s.pending_extension = None
    elif t == "suspended":
        if not rule.suspension_allowed:
            raise ClockError(f"Loại việc này không được tạm đình chỉ{basis}.")
        s.suspended_since, s.status = e.on, "suspended"
    elif t == "resumed":
        if s.suspended_since is None:
            raise ClockError("Việc không ở trạng thái tạm đình chỉ.")
        if rule.limit_count == "working":
            s.due_on = cal.add_working_days(s.due_on, cal.working_days_between(s.suspended_since, e.on))
        else:
            s.due_on += e.on - s.suspended_since
        s.suspended_since, s.status = None, "in_progress"
    elif t == "transferred":
        # The receiving body's own clock starts on the day it receives the matter.
        s.suspended_since, s.pending_extension, s.extensions_used = None, None, 0
        s.due_on = add(cal, e.on, rule.limit, rule.limit_count)
        s.status = "in_progress"
    elif t == "resolved":
        if not e.note.strip():
            raise ClockError("Chưa có kết quả giải quyết: hãy ghi kết quả trước khi kết thúc.", field="note")
        s.resolved_on, s.result, s.status = e.on, e.note.strip(), "resolved"
    elif t == "closed":
        if e.on < s.received_on:
            raise ClockError("Ngày kết thúc trước ngày tiếp nhận.", field="on")
        if s.resolved_on is None:
            if not e.note.strip():
                raise ClockError(
                    "Chưa có kết quả giải quyết: hãy ghi kết quả trước khi kết thúc.", field="note"
                )
            s.resolved_on, s.result = e.on, e.note.strip()
        if s.pending_extension is not None:
            s.pending_extension = None
        s.closed_on, s.status = e.on, "closed"
        s.on_time = e.on <= s.due_on
    else:
        raise ClockError(f"Sự kiện không hợp lệ: {t}.")
