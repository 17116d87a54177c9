from datetime import date

import pytest

from pcmd.core.calendar import WorkingCalendar
from pcmd.core.models import CalendarException


@pytest.mark.django_db
def test_tet_2025_days_are_not_working_days():
    cal = WorkingCalendar()
    for day in range(27, 32):  # 27–31/01/2025: 29 Tết to Mùng ba
        assert not cal.is_working_day(date(2025, 1, day)), day
    assert cal.is_working_day(date(2025, 1, 24))  # Friday before
    assert cal.is_working_day(date(2025, 2, 3))  # Monday after


@pytest.mark.django_db
def test_weekend_and_make_up_day_from_the_editable_table():
    cal = WorkingCalendar()
    assert not cal.is_working_day(date(2025, 4, 19))  # an ordinary Saturday
    assert cal.is_working_day(date(2025, 4, 26))  # Saturday made a working day (seeded exception)
    assert not cal.is_working_day(date(2025, 5, 2))  # the day off it pays for


@pytest.mark.django_db
def test_an_added_day_off_is_honoured():
    CalendarException.objects.create(day=date(2026, 3, 10), kind=CalendarException.Kind.DAY_OFF, note="thử")
    assert not WorkingCalendar().is_working_day(date(2026, 3, 10))


@pytest.mark.django_db
def test_add_working_days_skips_tet():
    cal = WorkingCalendar()
    # Friday 24/01/2025 + 1 working day: Sat, Sun, five Tết days, Sat, Sun are skipped -> Monday 03/02.
    assert cal.add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)
    assert cal.add_working_days(date(2025, 1, 24), 0) == date(2025, 1, 24)
    assert cal.working_days_between(date(2025, 1, 24), date(2025, 2, 3)) == 1


@pytest.mark.django_db
def test_exceptions_are_read_once_per_year(django_assert_num_queries):
    cal = WorkingCalendar()
    with django_assert_num_queries(1):
        for d in range(1, 29):
            cal.is_working_day(date(2025, 2, d))
