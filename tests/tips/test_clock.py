"""The statutory clock (pure): properties with hypothesis, and the worked example of the issue."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pcmd.core.calendar import WorkingCalendar
from pcmd.tips.clock import ClockError, Event, replay


class NoDbCalendar(WorkingCalendar):
    """Weekends and the `holidays` package's Vietnamese holidays, without the exceptions table."""

    def _year(self, year):
        from pcmd.core.calendar import _public_holidays

        return (_public_holidays(year), frozenset())


CAL = NoDbCalendar()


def rule(**kw):
    base = dict(starts_on="received", accept_limit=0, accept_count="working", limit=20, limit_count="calendar",
                max_extensions=1, extension=2, extension_count="months", extension_window=5,
                suspension_allowed=True, legal_basis="BLTTHS 2015 điều 147")  # fmt: skip
    base.update(kw)
    return SimpleNamespace(**base)


CRIME = rule()
WORKING = rule(limit=15, limit_count="working", extension=10, extension_count="working", max_extensions=2,
               extension_window=0)  # fmt: skip
days = st.dates(min_value=date(2021, 1, 1), max_value=date(2026, 12, 31))


def test_crime_tip_received_friday_24_01_2025_suspended_5_days_extended_once_by_2_months():
    received = date(2025, 1, 24)  # a Friday, the eve of Tết 2025: calendar days count anyway
    # 20 calendar days from receipt: 24/01 + 20 = 13/02/2025
    # suspended 03/02, resumed 08/02: 5 days paused, added back: 13/02 + 5 = 18/02/2025
    # extension asked 10/02 (latest allowed: 18/02 - 5 = 13/02), approved 12/02 for 2 months: 18/04/2025
    events = [Event("received", received), Event("suspended", date(2025, 2, 3)), Event("resumed", date(2025, 2, 8)),
              Event("extension_asked", date(2025, 2, 10), 2), Event("extension_approved", date(2025, 2, 12), 2)]  # fmt: skip
    s = replay(CRIME, events, CAL)
    assert s.due_after == [date(2025, 2, 13), date(2025, 2, 13), date(2025, 2, 18), date(2025, 2, 18),
                           date(2025, 4, 18)]  # fmt: skip
    assert s.due_on == date(2025, 4, 18) and s.extensions_used == 1
    on_due = replay(CRIME, [*events, Event("closed", date(2025, 4, 18), note="Khởi tố vụ án")], CAL)
    late = replay(CRIME, [*events, Event("closed", date(2025, 4, 19), note="Khởi tố vụ án")], CAL)
    assert on_due.on_time is True and late.on_time is False


def test_bad_events_are_refused_with_the_legal_reason():
    start = [Event("received", date(2025, 3, 3))]  # due 23/03
    with pytest.raises(ClockError, match="trước ngày tiếp nhận"):
        replay(CRIME, [*start, Event("closed", date(2025, 3, 1), note="x")], CAL)
    with pytest.raises(ClockError, match="sau khi đã hết hạn"):
        replay(CRIME, [*start, Event("extension_asked", date(2025, 3, 24), 2)], CAL)
    with pytest.raises(ClockError, match=r"chậm nhất 5 ngày trước khi hết hạn.*18/03/2025.*BLTTHS"):
        replay(CRIME, [*start, Event("extension_asked", date(2025, 3, 20), 2)], CAL)
    once = [
        *start,
        Event("extension_asked", date(2025, 3, 10), 2),
        Event("extension_approved", date(2025, 3, 11)),
    ]
    with pytest.raises(ClockError, match="tối đa 1 lần"):
        replay(CRIME, [*once, Event("extension_asked", date(2025, 4, 1), 1)], CAL)
    with pytest.raises(ClockError, match="Chưa có kết quả giải quyết"):
        replay(CRIME, [*start, Event("resolved", date(2025, 3, 5))], CAL)
    with pytest.raises(ClockError, match="Chưa có kết quả giải quyết"):
        replay(CRIME, [*start, Event("closed", date(2025, 3, 5))], CAL)
    with pytest.raises(ClockError, match="không được tạm đình chỉ"):
        replay(rule(suspension_allowed=False), [*start, Event("suspended", date(2025, 3, 5))], CAL)
    with pytest.raises(ClockError, match="tối đa 2 tháng"):
        replay(CRIME, [*start, Event("extension_asked", date(2025, 3, 10), 3)], CAL)


@settings(max_examples=200, deadline=None)
@given(received=days, pause_at=st.integers(0, 40), pause=st.integers(0, 30), asks=st.integers(0, 3),
       shifts=st.lists(st.integers(0, 9), min_size=4, max_size=4))  # fmt: skip
def test_working_day_rule_never_ends_on_a_day_off(received, pause_at, pause, asks, shifts):
    events = [Event("received", received)]
    state = replay(WORKING, events, CAL)
    assert CAL.is_working_day(state.due_on)
    s0 = received + timedelta(days=pause_at)
    events += [Event("suspended", s0), Event("resumed", s0 + timedelta(days=pause))]
    state = replay(WORKING, events, CAL)
    assert CAL.is_working_day(state.due_on)
    for i in range(asks):
        ask = state.due_on - timedelta(days=shifts[i])
        if ask < events[-1].on:
            break
        try:
            state = replay(WORKING, [*events, Event("extension_asked", ask, 10)], CAL)
        except ClockError:
            assert state.extensions_used >= WORKING.max_extensions
            break
        events += [Event("extension_asked", ask, 10), Event("extension_approved", ask, 10)]
        state = replay(WORKING, events, CAL)
        assert CAL.is_working_day(state.due_on)
    assert all(d is None or CAL.is_working_day(d) for d in state.due_after)
    assert state.extensions_used <= WORKING.max_extensions


@settings(max_examples=200, deadline=None)
@given(received=days, pause_at=st.integers(0, 19), k=st.integers(0, 120))
def test_suspending_k_days_moves_a_calendar_due_date_by_exactly_k_days(received, pause_at, k):
    base = replay(CRIME, [Event("received", received)], CAL).due_on
    s0 = received + timedelta(days=pause_at)
    moved = replay(CRIME, [Event("received", received), Event("suspended", s0),
                           Event("resumed", s0 + timedelta(days=k))], CAL).due_on  # fmt: skip
    assert moved - base == timedelta(days=k)


@settings(max_examples=100, deadline=None)
@given(received=days, tries=st.integers(1, 5), r=st.sampled_from([CRIME, WORKING, rule(max_extensions=0)]))
def test_extensions_never_exceed_the_rules_maximum(received, tries, r):
    events = [Event("received", received)]
    used = 0
    for _ in range(tries):
        state = replay(r, events, CAL)
        ask = state.due_on - timedelta(days=r.extension_window)
        if ask < events[-1].on:
            break
        try:
            replay(r, [*events, Event("extension_asked", ask)], CAL)
        except ClockError as exc:
            assert used >= r.max_extensions, exc.message
            continue
        events += [Event("extension_asked", ask), Event("extension_approved", ask)]
        used += 1
    assert replay(r, events, CAL).extensions_used == used <= r.max_extensions


@settings(max_examples=100, deadline=None)
@given(received=days, r=st.sampled_from([CRIME, WORKING]), delta=st.integers(-3, 3))
def test_closing_on_the_due_date_is_on_time_and_the_day_after_is_late(received, r, delta):
    due = replay(r, [Event("received", received)], CAL).due_on
    close = due + timedelta(days=delta)
    if close < received:
        return
    s = replay(r, [Event("received", received), Event("closed", close, note="Đã xử lý")], CAL)
    assert s.on_time is (delta <= 0)
