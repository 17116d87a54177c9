from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcmd.core.period import Period, PeriodError, PeriodKind


@pytest.mark.parametrize(
    ("text", "start", "end", "kind"),
    [
        ("2023", date(2023, 1, 1), date(2023, 12, 31), PeriodKind.YEAR),
        ("2023H1", date(2023, 1, 1), date(2023, 6, 30), PeriodKind.HALF),
        ("2023h2", date(2023, 7, 1), date(2023, 12, 31), PeriodKind.HALF),
        ("2023Q2", date(2023, 4, 1), date(2023, 6, 30), PeriodKind.QUARTER),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), PeriodKind.MONTH),
        ("2021..2025", date(2021, 1, 1), date(2025, 12, 31), PeriodKind.RANGE),
        ("2025H2..2026Q1", date(2025, 7, 1), date(2026, 3, 31), PeriodKind.RANGE),
    ],
)
def test_parse_each_form(text, start, end, kind):
    p = Period.parse(text)
    assert (p.start, p.end, p.kind) == (start, end, kind)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "trống"),
        ("2023H3", "không hợp lệ"),
        ("2023Q5", "không hợp lệ"),
        ("2023-13", "tháng 13"),
        ("23", "không hợp lệ"),
        ("1850", "ngoài khoảng"),
        ("2025..2021", "đứng trước"),
        ("năm 2023", "không hợp lệ"),
    ],
)
def test_rejects_with_vietnamese_message_naming_the_input(text, fragment):
    with pytest.raises(PeriodError) as err:
        Period.parse(text)
    assert fragment in str(err.value)
    if text:
        assert text in str(err.value)


def test_labels_are_vietnamese():
    assert Period.parse("2023").label == "Năm 2023"
    assert Period.parse("2023H1").label == "6 tháng đầu năm 2023"
    assert Period.parse("2023Q4").label == "Quý IV/2023"
    assert Period.parse("2023-05").label == "Tháng 5/2023"
    assert Period.parse("2021..2025").label == "Giai đoạn 2021–2025"


def test_sub_periods_cover_the_range():
    plan = Period.parse("2021..2025")
    assert [p.code for p in plan.years()] == ["2021", "2022", "2023", "2024", "2025"]
    assert len(plan.halves()) == 10 and len(plan.quarters()) == 20 and len(plan.months()) == 60
    assert sum(q.days for q in Period.parse("2024").quarters()) == 366
    assert Period.parse("2023H2").quarters() == [Period.parse("2023Q3"), Period.parse("2023Q4")]


@given(
    st.integers(2000, 2100), st.sampled_from(["", "H1", "H2", "Q1", "Q2", "Q3", "Q4", "-01", "-07", "-12"])
)
def test_code_round_trips(year, suffix):
    p = Period.parse(f"{year}{suffix}")
    assert Period.parse(p.code) == p
    assert p.contains(p.start) and p.contains(p.end)
