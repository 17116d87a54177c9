"""The shape of a plan file (plans/*.yaml), checked before anything is written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pcmd.core.period import Period, PeriodError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _period(value: str) -> str:
    try:
        Period.parse(str(value))
    except PeriodError as exc:
        raise ValueError(str(exc)) from exc
    return str(value)


class ProgramSpec(_Strict):
    code: str
    name: str
    decision: str
    decided_on: date
    start_year: int = Field(ge=2000, le=2100)
    end_year: int = Field(ge=2000, le=2100)


class PlanSpec(_Strict):
    code: str = Field(pattern=r"^[a-z0-9-]+$")
    number: str
    issued_on: date
    signer: str
    issuer: str
    province: str
    title: str
    period: str
    basis: str = ""

    _check_period = field_validator("period")(_period)


class ObjectiveSpec(_Strict):
    code: str
    kind: Literal["general", "specific"]
    text: str


class AgencySpec(_Strict):
    code: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    short_name: str = ""
    unit: str
    valid_from: date | None = None
    valid_to: date | None = None


class AgencyRoleSpec(_Strict):
    agency: str
    role: Literal["lead", "enforcement", "member"]
    valid_from: date
    valid_to: date | None = None
    source: str = ""
    confidence: Literal["C", "P", "U"]


class LevelSpec(_Strict):
    level: Literal["province", "district", "commune"]
    valid_from: date | None = None
    valid_to: date | None = None


class TargetSpec(_Strict):
    comparator: Literal[">=", "<=", "="]
    value: Decimal = Field(ge=0)
    period: Literal["each_year", "cumulative"]
    range: str | None = None
    scope: Literal["aggregate", "each_unit"] = "aggregate"
    tier: str = ""

    @field_validator("range")
    @classmethod
    def _range(cls, value: str | None) -> str | None:
        return None if value is None else _period(value)


class TransitionSpec(_Strict):
    """How a year with two structures is judged (2025: districts until 30/06, communes after)."""

    rule: Literal["either_level"]
    effective: date
    confidence: Literal["C", "P", "U"]
    assumption: str = ""


class IndicatorSpec(_Strict):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9_.-]*$")
    objective: str | None = None
    name: str
    short_name: str
    numerator: str = Field(pattern=r"^[a-z_]+\.[a-z0-9_]+$")
    denominator: str = Field(default="", pattern=r"^([a-z_]+\.[a-z0-9_]+)?$")
    factor: Decimal = Decimal(100)
    unit: str = "%"
    direction: Literal["higher", "lower"] = "higher"
    period_type: Literal["year", "half", "range"]
    levels: list[LevelSpec] = Field(min_length=1)
    confidence: Literal["C", "P", "U"]
    assumption: str = ""
    source: str = ""
    sensitive: bool = False
    # How it reads over several years; default: cumulative for period_type range, else each year.
    range_reading: Literal["each_year", "cumulative"] | None = None
    transition: TransitionSpec | None = None
    targets: list[TargetSpec] = Field(min_length=1)

    @field_validator("targets")
    @classmethod
    def _percent_targets(cls, targets: list[TargetSpec], info: Any) -> list[TargetSpec]:
        if info.data.get("unit", "%") == "%":
            for t in targets:
                if t.value > 100:
                    raise ValueError(f"mục tiêu tỷ lệ phải trong khoảng 0–100% (đã ghi {t.value:g})")
        return targets


class TaskSectionSpec(_Strict):
    section: str
    title: str
    items: list[str] = Field(min_length=1)


class PlanFile(_Strict):
    program: ProgramSpec
    plan: PlanSpec
    objectives: list[ObjectiveSpec] = Field(min_length=1)
    agencies: list[AgencySpec] = []
    agency_roles: list[AgencyRoleSpec] = []
    indicators: list[IndicatorSpec] = Field(min_length=1)
    tasks: list[TaskSectionSpec] = []
