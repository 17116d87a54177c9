"""The working-day calendar against every official day-off change of 2025 and 2026, each citing its decision."""

from datetime import date, timedelta

import pytest

from pcmd.core.calendar import WorkingCalendar, make_up_days
from pcmd.core.models import CalendarException

pytestmark = pytest.mark.django_db


def _span(first, last):
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _off(*days):
    cal = WorkingCalendar()
    return [d for d in days if cal.is_working_day(d)]  # the days wrongly counted as working


def test_2025_new_year_1_january_blld_2019_art_112():
    assert _off(date(2025, 1, 1)) == [] and WorkingCalendar().is_working_day(date(2025, 1, 2))


def test_2025_tet_at_ty_27_to_31_january_thong_bao_6150_tb_bldtbxh_2024():
    cal = WorkingCalendar()
    assert _off(*_span(date(2025, 1, 25), date(2025, 2, 2))) == []  # 9 days with the weekends
    assert cal.is_working_day(date(2025, 1, 24)) and cal.is_working_day(date(2025, 2, 3))


def test_2025_hung_kings_7_april_blld_2019_art_112():
    assert _off(date(2025, 4, 7)) == []


def test_2025_30_april_1_may_with_2_may_swapped_for_saturday_26_april_thong_bao_6150_tb_bldtbxh_2024():
    """30/04, 01/05 holidays; Friday 02/05/2025 off in exchange for Saturday 26/04/2025 worked (the package's
    moved day "Ngày nghỉ (thay cho ngày 26/04/2025)")."""
    cal = WorkingCalendar()
    assert _off(*_span(date(2025, 4, 30), date(2025, 5, 4))) == []
    assert cal.is_working_day(date(2025, 4, 26)) and make_up_days(2025) == {
        date(2025, 4, 26): "Làm bù cho ngày nghỉ 02/05/2025"
    }


def test_2025_national_day_1_and_2_september_blld_2019_art_112():
    assert _off(*_span(date(2025, 8, 30), date(2025, 9, 2))) == [] and WorkingCalendar().is_working_day(
        date(2025, 9, 3)
    )


def test_2026_new_year_2_january_swapped_for_saturday_10_january_van_ban_12729_vpcp_kgvx_25_12_2025():
    """Not in the `holidays` package: seeded as local decisions (core migration 0008)."""
    cal = WorkingCalendar()
    assert _off(*_span(date(2026, 1, 1), date(2026, 1, 4))) == []
    assert cal.is_working_day(date(2026, 1, 10)) and cal.is_working_day(date(2026, 1, 5))
    assert CalendarException.objects.get(day=date(2026, 1, 10)).note.startswith(
        "Làm bù cho ngày nghỉ 02/01/2026"
    )


def test_2026_tet_binh_ngo_16_to_20_february_nine_days_with_weekends_phuong_an_nghi_tet_2026():
    cal = WorkingCalendar()
    assert _off(*_span(date(2026, 2, 14), date(2026, 2, 22))) == []
    assert cal.is_working_day(date(2026, 2, 13)) and cal.is_working_day(date(2026, 2, 23))


def test_2026_hung_kings_on_sunday_26_april_observed_monday_27_april_blld_2019_art_112_k3():
    assert _off(date(2026, 4, 26), date(2026, 4, 27)) == [] and WorkingCalendar().is_working_day(
        date(2026, 4, 28)
    )


def test_2026_30_april_1_may_thursday_friday_blld_2019_art_112():
    assert _off(*_span(date(2026, 4, 30), date(2026, 5, 3))) == []


def test_2026_national_day_with_31_august_swapped_for_saturday_22_august_lich_nghi_quoc_khanh_2026():
    """Monday 31/08/2026 off in exchange for Saturday 22/08/2026 worked (the package's moved day)."""
    cal = WorkingCalendar()
    assert _off(*_span(date(2026, 8, 29), date(2026, 9, 2))) == []
    assert cal.is_working_day(date(2026, 8, 22)) and cal.is_working_day(date(2026, 9, 3))
    assert make_up_days(2026) == {date(2026, 8, 22): "Làm bù cho ngày nghỉ 31/08/2026"}


def test_2026_vietnam_culture_day_24_november_nghi_quyet_80_nq_tw():
    assert _off(date(2026, 11, 24)) == [] and WorkingCalendar().holiday_name(date(2026, 11, 24)) == (
        "Ngày Văn hóa Việt Nam"
    )


def test_a_local_decision_entered_in_the_app_wins_over_the_package():
    day = date(2026, 12, 4)  # a Friday
    assert WorkingCalendar().is_working_day(day)
    CalendarException.objects.create(day=day, kind="day_off", note="Quyết định nghỉ của UBND tỉnh (ví dụ)")
    CalendarException.objects.create(
        day=date(2026, 8, 22), kind="day_off", note="Không làm bù tại địa phương"
    )
    cal = WorkingCalendar()
    assert not cal.is_working_day(day) and not cal.is_working_day(date(2026, 8, 22))
    assert cal.add_working_days(date(2026, 12, 3), 1) == date(2026, 12, 7)


def test_add_working_days_skips_tet():
    cal = WorkingCalendar()
    # Friday 24/01/2025 + 1 working day: Sat, Sun, five Tết days, Sat, Sun are skipped -> Monday 03/02.
    assert cal.add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)
    assert cal.add_working_days(date(2025, 1, 24), 0) == date(2025, 1, 24)
    assert cal.working_days_between(date(2025, 1, 24), date(2025, 2, 3)) == 1
    assert cal.next_working_day(date(2025, 1, 25)) == date(2025, 2, 3)


def test_exceptions_are_read_once_per_year(django_assert_num_queries):
    cal = WorkingCalendar()
    with django_assert_num_queries(1):
        for d in range(1, 29):
            cal.is_working_day(date(2025, 2, d))
