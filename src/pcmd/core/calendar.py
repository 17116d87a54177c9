"""Working-day calendar: weekends, Vietnamese public holidays and Tết, the days off moved by a Government decision
and the Saturdays worked in exchange (all from the `holidays` package), and the local decisions entered in the app
(CalendarException), which win over the package."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays as holidays_lib

# The package names a moved day off "Ngày nghỉ (thay cho ngày DD/MM/YYYY)": that date is a Saturday worked instead.
_SWAPPED = re.compile(r"thay cho ngày (\d{2}/\d{2}/\d{4})")


@lru_cache(maxsize=64)
def _package(year: int) -> dict[date, str]:
    return dict(holidays_lib.country_holidays("VN", years=year, language="vi").items())


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(_package(year))


@lru_cache(maxsize=64)
def make_up_days(year: int) -> dict[date, str]:
    """Saturdays worked in `year` in exchange for a bridge day off (the day off may sit in the next or previous
    year, e.g. 05/01/2019 worked for 31/12/2018), with the package's name of that day off."""
    found: dict[date, str] = {}
    for y in (year - 1, year, year + 1):
        for off, name in _package(y).items():
            m = _SWAPPED.search(name)
            if m:
                worked = datetime.strptime(m.group(1), "%d/%m/%Y").date()
                if worked.year == year:
                    found[worked] = f"Làm bù cho ngày nghỉ {off:%d/%m/%Y}"
    return found


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

    def _local(self, year: int) -> tuple[frozenset[date], frozenset[date]]:
        """Local decisions (extra days off, extra working days); overridden in tests that need no database."""
        return _exceptions(year)

    def _year(self, year: int) -> tuple[frozenset[date], frozenset[date]]:
        if year not in self._years:
            off, work = self._local(year)
            package_off = _public_holidays(year) - work
            package_work = frozenset(make_up_days(year)) - off
            self._years[year] = (package_off | off, package_work | work)
        return self._years[year]

    def is_working_day(self, d: date) -> bool:
        off, work = self._year(d.year)
        if d in off:
            return False
        return d in work or d.weekday() < 5

    def holiday_name(self, d: date) -> str | None:
        return _package(d.year).get(d)

    def next_working_day(self, d: date) -> date:
        """`d` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

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
