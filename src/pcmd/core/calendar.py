"""Working-day calendar: weekends, Vietnamese public holidays (the `holidays` package) and the
editable yearly exceptions (CalendarException)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays as holidays_lib


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays_lib.country_holidays("VN", years=year).keys())


def _exceptions(year: int) -> tuple[frozenset[date], frozenset[date]]:
    from pcmd.core.models import CalendarException

    rows = CalendarException.objects.filter(day__year=year).values_list("day", "kind")
    off = frozenset(d for d, k in rows if k == CalendarException.Kind.DAY_OFF)
    work = frozenset(d for d, k in rows if k == CalendarException.Kind.WORKING_DAY)
    return off, work


class WorkingCalendar:
    """Answers "is this a working day" with one query per year asked, cached for the object's life."""

    def __init__(self) -> None:
        self._years: dict[int, tuple[frozenset[date], frozenset[date]]] = {}

    def _year(self, year: int) -> tuple[frozenset[date], frozenset[date]]:
        if year not in self._years:
            off, work = _exceptions(year)
            self._years[year] = (_public_holidays(year) | off, work)
        return self._years[year]

    def is_working_day(self, d: date) -> bool:
        off, work = self._year(d.year)
        if d in work:
            return True
        return d.weekday() < 5 and d not in off

    def holiday_name(self, d: date) -> str | None:
        return holidays_lib.country_holidays("VN", years=d.year, language="vi").get(d)

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (start itself not counted). n=0 returns start."""
        d = start
        step = 1 if n >= 0 else -1
        remaining = abs(n)
        while remaining:
            d += timedelta(days=step)
            if self.is_working_day(d):
                remaining -= 1
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]."""
        count, d = 0, start
        while d < end:
            d += timedelta(days=1)
            count += self.is_working_day(d)
        return count
