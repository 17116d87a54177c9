"""Plain data the engine works on and returns (no ORM): the JSON contract of CLI, API and dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any


class Status:
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    NOT_ACHIEVED = "not_achieved"
    NO_TARGET = "no_target"
    NO_DATA = "no_data"
    NO_SOURCE = "no_source"
    SUPPRESSED = "suppressed"
    NOT_COVERED = "not_covered"

    LABELS = {
        "achieved": "Đạt",
        "on_track": "Đúng tiến độ",
        "at_risk": "Có nguy cơ không đạt",
        "not_achieved": "Không đạt",
        "no_target": "Không áp dụng mục tiêu cho kỳ này",
        "no_data": "Chưa có số liệu",
        "no_source": "Chưa có nguồn số liệu (phân hệ chưa triển khai)",
        "suppressed": "Ẩn (ô nhỏ hơn 5, bảo vệ dữ liệu nhạy cảm)",
        "not_covered": "Không tính (PCMD chưa có số liệu của đơn vị trong kỳ này)",
    }


@dataclass(frozen=True)
class TargetSpec:
    comparator: str
    value: Decimal
    rule: str  # each_year | cumulative
    range_start: date | None
    range_end: date | None
    scope: str  # aggregate | each_unit
    tier: str = ""

    def met(self, value: float) -> bool:
        v, t = Decimal(str(round(value, 6))), self.value
        return v >= t if self.comparator == ">=" else v <= t if self.comparator == "<=" else v == t

    @property
    def label(self) -> str:
        sign = {">=": "≥", "<=": "≤", "=": "="}[self.comparator]
        return f"{sign} {self.value.normalize():f}"


@dataclass(frozen=True)
class LevelSpec:
    level: str
    valid_from: date | None
    valid_to: date | None

    def applies(self, d: date) -> bool:
        return (self.valid_from is None or self.valid_from <= d) and (
            self.valid_to is None or d <= self.valid_to
        )


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    short_name: str
    numerator: str
    denominator: str
    factor: Decimal
    unit_of_measure: str
    period_type: str  # year | half | range
    levels: tuple[LevelSpec, ...]
    targets: tuple[TargetSpec, ...]
    sensitive: bool = False
    range_reading: str = "each_year"  # each_year | cumulative: how the indicator reads over several years
    transition_rule: str = ""  # either_level: a year with two structures (2025) counts records of both
    transition_on: date | None = None

    def level_on(self, d: date) -> str:
        for lv in self.levels:
            if lv.applies(d):
                return lv.level
        return self.levels[-1].level if self.levels else "province"


@dataclass(frozen=True)
class UnitNode:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None


@dataclass
class Cell:
    indicator: str
    period: str
    unit_code: str
    unit_name: str
    unit_level: str
    numerator: float | None
    denominator: float | None
    value: float | None
    target: str | None
    status: str
    projected: float | None = None
    suppressed: bool = False
    note: str = ""
    tiers: list[dict[str, Any]] | None = None  # per tier of officials (T14: province; district and commune)

    def as_dict(self) -> dict[str, Any]:
        # Written out: dataclasses.asdict deep-copies and was most of the engine's own time.
        return {"indicator": self.indicator, "period": self.period, "unit_code": self.unit_code,
                "unit_name": self.unit_name, "unit_level": self.unit_level, "numerator": self.numerator,
                "denominator": self.denominator, "value": self.value, "target": self.target, "status": self.status,
                "projected": self.projected, "suppressed": self.suppressed, "note": self.note,
                "status_label": Status.LABELS[self.status], "tiers": self.tiers or []}  # fmt: skip
