"""Period: a year, half, quarter, month or a range of them, as an immutable value."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class PeriodKind(StrEnum):
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"
    RANGE = "range"


class PeriodError(ValueError):
    """A period string that cannot be read; the message is Vietnamese and names the input."""


_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})H([12])$", re.IGNORECASE)
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
MIN_YEAR, MAX_YEAR = 2000, 2100

_FORMATS = "2023, 2023H1, 2023Q2, 2023-05 hoặc 2021..2025"


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # inclusive
    kind: PeriodKind

    # --- construction -------------------------------------------------------------
    @classmethod
    def year(cls, y: int) -> Period:
        return cls(date(y, 1, 1), date(y, 12, 31), PeriodKind.YEAR)

    @classmethod
    def half(cls, y: int, h: int) -> Period:
        return cls(
            date(y, 1 if h == 1 else 7, 1), date(y, 6, 30) if h == 1 else date(y, 12, 31), PeriodKind.HALF
        )

    @classmethod
    def quarter(cls, y: int, q: int) -> Period:
        first = 3 * (q - 1) + 1
        last = first + 2
        return cls(date(y, first, 1), date(y, last, calendar.monthrange(y, last)[1]), PeriodKind.QUARTER)

    @classmethod
    def month(cls, y: int, m: int) -> Period:
        return cls(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), PeriodKind.MONTH)

    @classmethod
    def parse(cls, text: str) -> Period:
        raw = (text or "").strip()
        if not raw:
            raise PeriodError(f"Kỳ báo cáo trống. Hãy nhập theo dạng {_FORMATS}.")
        if ".." in raw:
            left, _, right = raw.partition("..")
            a, b = cls._parse_single(left.strip(), raw), cls._parse_single(right.strip(), raw)
            if b.end < a.start:
                raise PeriodError(f"Kỳ «{raw}»: kỳ kết thúc đứng trước kỳ bắt đầu.")
            return cls(a.start, b.end, PeriodKind.RANGE)
        return cls._parse_single(raw, raw)

    @classmethod
    def _parse_single(cls, part: str, whole: str) -> Period:
        if m := _YEAR.match(part):
            return cls.year(cls._check_year(int(m[1]), whole))
        if m := _HALF.match(part):
            return cls.half(cls._check_year(int(m[1]), whole), int(m[2]))
        if m := _QUARTER.match(part):
            return cls.quarter(cls._check_year(int(m[1]), whole), int(m[2]))
        if m := _MONTH.match(part):
            month = int(m[2])
            if not 1 <= month <= 12:
                raise PeriodError(f"Kỳ «{whole}»: tháng {month} không tồn tại (1–12).")
            return cls.month(cls._check_year(int(m[1]), whole), month)
        raise PeriodError(f"Kỳ «{whole}» không hợp lệ. Hãy nhập theo dạng {_FORMATS}.")

    @staticmethod
    def _check_year(y: int, whole: str) -> int:
        if not MIN_YEAR <= y <= MAX_YEAR:
            raise PeriodError(f"Kỳ «{whole}»: năm {y} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}.")
        return y

    # --- reading ------------------------------------------------------------------
    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        match self.kind:
            case PeriodKind.YEAR:
                return f"{self.start.year}"
            case PeriodKind.HALF:
                return f"{self.start.year}H{1 if self.start.month == 1 else 2}"
            case PeriodKind.QUARTER:
                return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
            case PeriodKind.MONTH:
                return f"{self.start.year}-{self.start.month:02d}"
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31):
            return f"{self.start.year}..{self.end.year}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        """Vietnamese label: "Năm 2023", "6 tháng đầu năm 2023", "Quý II/2023", "Tháng 5/2023"."""
        y = self.start.year
        match self.kind:
            case PeriodKind.YEAR:
                return f"Năm {y}"
            case PeriodKind.HALF:
                return f"6 tháng {'đầu' if self.start.month == 1 else 'cuối'} năm {y}"
            case PeriodKind.QUARTER:
                return f"Quý {('I', 'II', 'III', 'IV')[(self.start.month - 1) // 3]}/{y}"
            case PeriodKind.MONTH:
                return f"Tháng {self.start.month}/{y}"
        if self.start.month == 1 and self.start.day == 1 and self.end.month == 12 and self.end.day == 31:
            return f"Giai đoạn {y}–{self.end.year}"
        return f"Từ {self.start:%d/%m/%Y} đến {self.end:%d/%m/%Y}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def _iter(self, step: PeriodKind) -> Iterator[Period]:
        for y in range(self.start.year, self.end.year + 1):
            parts: list[Period]
            if step == PeriodKind.YEAR:
                parts = [Period.year(y)]
            elif step == PeriodKind.HALF:
                parts = [Period.half(y, h) for h in (1, 2)]
            elif step == PeriodKind.QUARTER:
                parts = [Period.quarter(y, q) for q in range(1, 5)]
            else:
                parts = [Period.month(y, m) for m in range(1, 13)]
            yield from (p for p in parts if self.start <= p.start and p.end <= self.end)

    def years(self) -> list[Period]:
        return list(self._iter(PeriodKind.YEAR))

    def halves(self) -> list[Period]:
        return list(self._iter(PeriodKind.HALF))

    def quarters(self) -> list[Period]:
        return list(self._iter(PeriodKind.QUARTER))

    def months(self) -> list[Period]:
        return list(self._iter(PeriodKind.MONTH))
