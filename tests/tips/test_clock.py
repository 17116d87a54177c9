"""The statutory clock (pure), against the statutes' own wording: each case names its article. The rules are the
seeded ones (migration 0004), the calendar the `holidays` package with the seeded local decisions. Then the
properties, with hypothesis: a deadline never falls on a day off, extensions never shorten it, replay is
deterministic."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pcmd.tips.clock import ClockError, Event, replay
from tests.tips.statute import CAL, spec

CRIME, DENUNCIATION, COMPLAINT_1, COMPLAINT_2 = (spec(k) for k in ("crime_tip", "denunciation", "complaint_1",
                                                                 "complaint_2"))  # fmt: skip
VKS = "12/QĐ-VKS"


def _crime_with_both_steps():
    """Received Monday 03/03/2025: 20 days → 23/03/2025 (art. 147(1)); complex → 2 months from receipt, 03/05/2025,
    a Saturday after the 30/4–1/5 holidays and the 02/05 bridge day, so 05/05/2025 (art. 134: a month limit ending on
    a day off ends on the next working day); the Procuracy's extension of 2 months, asked ≥ 5 days before expiry
    (≤ 30/04), runs from the limit's end: 03/07/2025 (art. 147(2)) — 4 months in all."""
    return [Event("received", date(2025, 3, 3)),
            Event("extension_asked", date(2025, 3, 17), step=0), Event("extension_approved", date(2025, 3, 18)),
            Event("extension_asked", date(2025, 4, 28), 2, step=1),
            Event("extension_approved", date(2025, 4, 29), decision_no=VKS)]  # fmt: skip


def test_blths_2015_art_147_both_extensions_then_closed_on_day_100_is_on_time():
    s = replay(CRIME, _crime_with_both_steps(), CAL)
    assert s.due_after == [date(2025, 3, 23), date(2025, 3, 23), date(2025, 5, 5), date(2025, 5, 5),
                           date(2025, 7, 3)]  # fmt: skip
    day_100 = date(2025, 3, 3) + timedelta(days=100)  # 11/06/2025
    assert (
        replay(CRIME, [*_crime_with_both_steps(), Event("closed", day_100, note="Khởi tố")], CAL).on_time
        is True
    )
    late = replay(CRIME, [*_crime_with_both_steps(), Event("closed", date(2025, 7, 4), note="Khởi tố")], CAL)
    assert late.on_time is False
    with pytest.raises(ClockError, match=r"tối đa 2 lần.*BLTTHS 2015 điều 147"):  # no third extension
        replay(CRIME, [*_crime_with_both_steps(), Event("extension_asked", date(2025, 6, 20))], CAL)


def test_blths_2015_art_147_request_to_the_procuracy_at_least_5_days_before_expiry():
    complex_ = _crime_with_both_steps()[:3]  # due 05/05/2025: the request must come by 30/04/2025
    assert replay(CRIME, [*complex_, Event("extension_asked", date(2025, 4, 30), step=1)], CAL).pending == (
        1,
        2,
    )
    with pytest.raises(ClockError, match=r"chậm nhất 5 ngày trước khi hết hạn.*30/04/2025.*điều 147 khoản 2"):
        replay(CRIME, [*complex_, Event("extension_asked", date(2025, 5, 1), step=1)], CAL)
    with pytest.raises(ClockError, match="sau khi đã hết hạn"):
        replay(CRIME, [*complex_, Event("extension_asked", date(2025, 5, 6), step=1)], CAL)
    with pytest.raises(ClockError, match="Phải ghi số, ngày quyết định của Viện kiểm sát cùng cấp"):
        replay(CRIME, [*complex_, Event("extension_asked", date(2025, 4, 28), step=1),
                       Event("extension_approved", date(2025, 4, 29))], CAL)  # fmt: skip
    with pytest.raises(ClockError, match="tối đa 2 tháng"):
        replay(CRIME, [*complex_, Event("extension_asked", date(2025, 4, 28), 3, step=1)], CAL)
    with pytest.raises(
        ClockError, match="chỉ khi đã áp dụng «Vụ việc phức tạp»"
    ):  # the Procuracy comes second
        replay(
            CRIME,
            [Event("received", date(2025, 3, 3)), Event("extension_asked", date(2025, 3, 5), step=1)],
            CAL,
        )


@pytest.mark.parametrize(("received", "due"), [
    (date(2024, 12, 31), date(2025, 2, 28)),  # no 31/02: the month's last day, a Friday
    (date(2025, 12, 31), date(2026, 3, 2)),  # 28/02/2026 is a Saturday: the next working day
    (date(2025, 7, 31), date(2025, 9, 30)),  # 30/09/2025, a Tuesday
])  # fmt: skip
def test_blths_2015_art_134_month_limit_ending_on_the_31st_of_a_shorter_month(received, due):
    events = [Event("received", received), Event("extension_asked", received, step=0),
              Event("extension_approved", received)]  # fmt: skip
    assert replay(CRIME, events, CAL).due_on == due


def _complaint(received, accepted, remote=False, rule=COMPLAINT_1):
    return replay(rule, [Event("received", received), Event("accepted", accepted)], CAL, remote=remote)


def test_luat_khieu_nai_2011_art_28_deadline_on_tet_rolls_over_blds_2015_art_148():
    # accepted 17/01/2026 + 30 days = 16/02/2026, the eve of Tết Bính Ngọ; Tết runs 16–20/02, then a weekend
    assert _complaint(date(2026, 1, 15), date(2026, 1, 17)).due_on == date(2026, 2, 23)


def test_luat_khieu_nai_2011_art_28_deadline_on_a_weekend_rolls_over_and_monday_is_on_time():
    # accepted Thursday 04/09/2025 + 30 days = Saturday 04/10/2025: ends Monday 06/10/2025 (BLDS art. 148)
    events = [Event("received", date(2025, 9, 2)), Event("accepted", date(2025, 9, 4))]
    assert replay(COMPLAINT_1, events, CAL).due_on == date(2025, 10, 6)
    assert (
        replay(COMPLAINT_1, [*events, Event("closed", date(2025, 10, 6), note="Trả lời")], CAL).on_time
        is True
    )


def test_luat_khieu_nai_2011_art_28_and_37_remote_area_limits():
    accepted = date(2025, 6, 2)
    assert _complaint(date(2025, 6, 1), accepted).due_on == date(2025, 7, 2)  # 30 days
    assert _complaint(date(2025, 6, 1), accepted, remote=True).due_on == accepted + timedelta(
        days=45
    )  # 17/07
    complex_ = [Event("received", date(2025, 6, 1)), Event("accepted", accepted),
                Event("extension_asked", date(2025, 6, 20)), Event("extension_approved", date(2025, 6, 21))]  # fmt: skip
    assert replay(COMPLAINT_1, complex_, CAL, remote=True).due_on == accepted + timedelta(
        days=60
    )  # 01/08/2025
    assert replay(COMPLAINT_1, complex_, CAL).due_on == accepted + timedelta(days=45)
    # second instance (art. 37): 45 / 60 days, remote 60 / 70: 01/08/2025 (Fri), 11/08/2025 (Mon)
    assert _complaint(date(2025, 6, 1), accepted, remote=True, rule=COMPLAINT_2).due_on == date(2025, 8, 1)
    assert replay(COMPLAINT_2, complex_, CAL, remote=True).due_on == date(2025, 8, 11)


def test_blths_2015_art_148_suspension_stops_the_clock_and_resumption_restarts_it():
    # received Monday 02/06/2025: due 22/06/2025; suspended 06/06 → resumed 16/06: 10 days stopped → 02/07/2025
    asked = [Event("received", date(2025, 6, 2)), Event("suspension_asked", date(2025, 6, 5))]
    with pytest.raises(ClockError, match=r"Tạm đình chỉ phải có số quyết định.*điều 148"):
        replay(CRIME, [*asked, Event("suspended", date(2025, 6, 6))], CAL)
    with pytest.raises(ClockError, match="Chưa có đề nghị tạm đình chỉ"):
        replay(CRIME, [asked[0], Event("suspended", date(2025, 6, 6), decision_no="7/QĐ")], CAL)
    events = [*asked, Event("suspended", date(2025, 6, 6), decision_no="7/QĐ-TĐC"),
              Event("resumed", date(2025, 6, 16), decision_no="9/QĐ-PH")]  # fmt: skip
    s = replay(CRIME, events, CAL)
    assert s.due_after == [date(2025, 6, 22), date(2025, 6, 22), date(2025, 6, 22), date(2025, 7, 2)]
    with pytest.raises(ClockError, match="đang tạm đình chỉ"):
        replay(CRIME, [*events[:3], Event("closed", date(2025, 6, 10), note="x")], CAL)
    # the limit after resumption is a parameter to confirm: a fresh 2 months from the resumption decision
    fresh = spec("crime_tip", resume_limit=2, resume_count="months")
    assert replay(fresh, events, CAL).due_on == date(2025, 8, 18)  # 16/08/2025 is a Saturday (art. 134)


def test_luat_to_cao_2018_art_30_two_extensions_of_a_denunciation():
    # received Monday 03/03/2025: accept within 7 working days → 12/03; accepted 10/03: 30 days → 09/04/2025
    events = [Event("received", date(2025, 3, 3)), Event("accepted", date(2025, 3, 10))]
    assert replay(DENUNCIATION, events[:1], CAL).due_on == date(2025, 3, 12)
    once = [
        *events,
        Event("extension_asked", date(2025, 4, 1), 30),
        Event("extension_approved", date(2025, 4, 2)),
    ]
    twice = [
        *once,
        Event("extension_asked", date(2025, 5, 5), 30),
        Event("extension_approved", date(2025, 5, 6)),
    ]
    s = replay(DENUNCIATION, twice, CAL)
    # +30 → 09/05/2025; +30 → 08/06/2025, a Sunday → 09/06/2025 (BLDS art. 148)
    assert [d for d in s.due_after][2:] == [
        date(2025, 4, 9),
        date(2025, 5, 9),
        date(2025, 5, 9),
        date(2025, 6, 9),
    ]
    with pytest.raises(ClockError, match=r"tối đa 2 lần.*Luật Tố cáo 2018 điều 30"):
        replay(DENUNCIATION, [*twice, Event("extension_asked", date(2025, 6, 1), 10)], CAL)
    with pytest.raises(ClockError, match=r"tối đa 30 ngày.*điều 30"):
        replay(DENUNCIATION, [*events, Event("extension_asked", date(2025, 4, 1), 31)], CAL)


def test_bad_events_are_refused_with_the_reason():
    start = [Event("received", date(2025, 3, 3))]
    with pytest.raises(ClockError, match="trước ngày tiếp nhận"):
        replay(CRIME, [*start, Event("closed", date(2025, 3, 1), note="x")], CAL)
    with pytest.raises(ClockError, match="Chưa có kết quả giải quyết"):
        replay(CRIME, [*start, Event("closed", date(2025, 3, 5))], CAL)
    with pytest.raises(ClockError, match="không được tạm đình chỉ"):
        replay(COMPLAINT_1, [*start, Event("suspension_asked", date(2025, 3, 5))], CAL)
    with pytest.raises(ClockError, match="Không có đề nghị gia hạn"):
        replay(CRIME, [*start, Event("extension_approved", date(2025, 3, 5))], CAL)


# Properties -----------------------------------------------------------------------------------------------------

RULES = st.sampled_from([CRIME, DENUNCIATION, COMPLAINT_1, COMPLAINT_2, spec("petition")])
days = st.dates(min_value=date(2021, 1, 1), max_value=date(2026, 12, 31))


def _history(rule, received, moves, remote):
    """A random but lawful history: each move tried against the clock and kept only when it is accepted."""
    events = [Event("received", received)]
    state = replay(rule, events, CAL, remote=remote)
    for kind, shift in moves:
        last = events[-1].on
        on = (
            max(last, state.due_on - timedelta(days=shift)) if kind == "ask" else last + timedelta(days=shift)
        )
        tries = {"ask": [Event("extension_asked", on), Event("extension_approved", on, decision_no=VKS)],
                 "accept": [Event("accepted", on)],
                 "pause": [Event("suspension_asked", on), Event("suspended", on, decision_no="1/QĐ"),
                           Event("resumed", on + timedelta(days=shift), decision_no="2/QĐ")]}[kind]  # fmt: skip
        try:
            state = replay(rule, [*events, *tries], CAL, remote=remote)
        except ClockError:
            continue
        events += tries
    return events, state


MOVES = st.lists(st.tuples(st.sampled_from(["ask", "accept", "pause"]), st.integers(0, 40)), max_size=6)


@settings(max_examples=200, deadline=None)
@given(rule=RULES, received=days, moves=MOVES, remote=st.booleans())
def test_a_deadline_never_falls_on_a_day_off_when_the_rule_rolls_over(rule, received, moves, remote):
    events, _ = _history(rule, received, moves, remote)
    replayed = replay(rule, events, CAL, remote=remote)
    for due, count in zip(replayed.due_after, _counts(rule, events, remote), strict=True):
        rolls = (
            count == "working"
            or (count == "months" and rule.roll_months)
            or (count == "calendar" and rule.roll_days)
        )
        if rolls:
            assert CAL.is_working_day(due), (due, count)


def _counts(rule, events, remote):
    return [replay(rule, events[: i + 1], CAL, remote=remote).due_count for i in range(len(events))]


@settings(max_examples=200, deadline=None)
@given(rule=RULES, received=days, moves=MOVES, remote=st.booleans())
def test_extensions_never_shorten_a_deadline(rule, received, moves, remote):
    events, state = _history(rule, received, moves, remote)
    for i, e in enumerate(events):
        if e.type == "extension_approved":
            assert state.due_after[i] >= state.due_after[i - 1]
    assert state.extensions_used <= sum(s.max_times for s in rule.steps)


@settings(max_examples=100, deadline=None)
@given(rule=RULES, received=days, moves=MOVES, remote=st.booleans())
def test_replay_is_deterministic(rule, received, moves, remote):
    events, state = _history(rule, received, moves, remote)
    from tests.tips.statute import NoDbCalendar

    assert (
        replay(rule, list(events), NoDbCalendar(), remote=remote)
        == state
        == replay(rule, events, CAL, remote=remote)
    )


@settings(max_examples=100, deadline=None)
@given(received=days, rule=RULES, delta=st.integers(-3, 3))
def test_closing_on_the_due_date_is_on_time_and_the_day_after_is_late(received, rule, delta):
    due = replay(rule, [Event("received", received)], CAL).due_on
    close = due + timedelta(days=delta)
    if close < received:
        return
    s = replay(rule, [Event("received", received), Event("closed", close, note="Đã xử lý")], CAL)
    assert s.on_time is (delta <= 0)
