"""The matrix: indicators × units × periods, computed from the measures and cached by data version."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from pcmd.core.dataversion import stamp as data_stamp
from pcmd.core.errors import PcmdError
from pcmd.core.period import Period, PeriodError
from pcmd.geography.errors import UnitError
from pcmd.geography.selectors import unit_at
from pcmd.indicators import engine
from pcmd.indicators.data import IndicatorSpec, LevelSpec, TargetSpec
from pcmd.indicators.hierarchy import stamp, view
from pcmd.indicators.registry import MEASURES, available

LEVELS = ("province", "district", "commune")


@dataclass(frozen=True)
class MatrixRequest:
    periods: tuple[Period, ...]
    unit: str | None = None
    as_of: date | None = None
    level: str | None = None
    indicators: tuple[str, ...] = ()


def parse_request(*, period: str, unit: str | None = None, as_of: str | None = None, level: str | None = None,
                  indicator: str | None = None) -> MatrixRequest:  # fmt: skip
    """Check the user's parameters; PcmdError with a Vietnamese message naming the parameter."""
    from pcmd.plans.selectors import indicators_for, plan_current

    plan = plan_current()
    if plan is None:
        raise PcmdError("Chưa nạp kế hoạch nào.", field="plan")
    try:
        p = Period.parse(period)
    except PeriodError as exc:
        raise PcmdError(str(exc), field="period") from exc
    lo, hi = (
        date(plan.period_start.year, 1, 1),
        date(max(plan.period_end.year + 1, timezone.localdate().year), 12, 31),
    )
    if p.start < lo or p.end > hi:
        raise PcmdError(
            f"Kỳ «{period}» nằm ngoài thời gian theo dõi của kế hoạch ({lo.year}–{hi.year}).", field="period"
        )
    when = None
    if as_of:
        try:
            when = date.fromisoformat(as_of)
        except ValueError as exc:
            raise PcmdError(f"Ngày «{as_of}» không hợp lệ (dạng YYYY-MM-DD).", field="as_of") from exc
    if level and level not in LEVELS:
        raise PcmdError(f"Cấp «{level}» không hợp lệ: chọn province, district hoặc commune.", field="level")
    if unit:
        on = when or min(p.end, timezone.localdate())
        try:
            unit_at(code=unit, on=on)
        except UnitError as exc:
            raise PcmdError(str(exc).replace("Trường «đơn vị»", "Tham số «unit»"), field="unit") from exc
    codes: tuple[str, ...] = ()
    if indicator:
        known = set(indicators_for(plan=plan).values_list("code", flat=True))
        codes = tuple(c.strip().upper() for c in indicator.split(",") if c.strip())
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise PcmdError(f"Không có chỉ tiêu {', '.join(unknown)} trong kế hoạch.", field="indicator")
    return MatrixRequest(periods=(p,), unit=unit, as_of=when, level=level, indicators=codes)


def for_years(req: MatrixRequest, years: tuple[int, ...]) -> MatrixRequest:
    """The same request over several years (one matrix call: one version check, one reading of the plan)."""
    return MatrixRequest(periods=tuple(Period.year(y) for y in years), unit=req.unit, as_of=req.as_of,
                         level=req.level, indicators=req.indicators)  # fmt: skip


def specs() -> list[IndicatorSpec]:
    from pcmd.plans.selectors import indicators_for, plan_current

    plan = plan_current()
    if plan is None:
        return []
    out = []
    for i in indicators_for(plan=plan):
        out.append(IndicatorSpec(
            code=i.code, name=i.name, short_name=i.short_name, numerator=i.numerator, denominator=i.denominator,
            factor=Decimal(i.factor), unit_of_measure=i.unit_of_measure, period_type=i.period_type,
            levels=tuple(LevelSpec(lv.level, lv.valid_from, lv.valid_to) for lv in i.levels.all()),
            targets=tuple(TargetSpec(t.comparator, Decimal(t.value), t.period_rule, t.range_start, t.range_end,
                                     t.scope, t.tier) for t in i.targets.all()),
            sensitive=i.sensitive,
        ))  # fmt: skip
    return out


def _measure_period(spec: IndicatorSpec, period: Period) -> Period:
    """A cumulative indicator counts from the start of its target range to the end of the period asked."""
    if spec.period_type == "range":
        starts = [t.range_start for t in spec.targets if t.range_start]
        if starts and min(starts) < period.start:
            return Period(min(starts), period.end, period.kind)
    return period


def _target_period(spec: IndicatorSpec, period: Period) -> Period:
    mp = _measure_period(spec, period)
    return mp if spec.period_type == "range" else period


def matrix(req: MatrixRequest, today: date | None = None) -> dict[str, Any]:
    """The JSON contract shared by `pcmd indicators`, the API and the dashboard."""
    today = today or timezone.localdate()
    version, changed = data_stamp()
    raw = json.dumps([version, changed, [p.code for p in req.periods], req.unit, str(req.as_of), req.level,
                      list(req.indicators), str(today)])  # fmt: skip
    key = "ind:" + hashlib.sha1(raw.encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    rows = []
    wanted = [s for s in specs() if not req.indicators or s.code in req.indicators]
    units_stamp = stamp()
    for period in req.periods:
        on = req.as_of or min(period.end, max(today, period.start))
        tree, mapping = view(on, units_stamp=units_stamp)
        for spec in wanted:
            rows.extend(_cells(spec, period, tree, mapping, today, req))
    result = {
        "data_version": version,
        "view": "as_is" if req.as_of else "as_was",
        "as_of": req.as_of.isoformat() if req.as_of else None,
        "periods": [
            {"code": p.code, "label": p.label, "start": p.start.isoformat(), "end": p.end.isoformat()}
            for p in req.periods
        ],
        "indicators": [
            {
                "code": s.code,
                "name": s.name,
                "short_name": s.short_name,
                "unit": s.unit_of_measure,
                "source_ready": available(s.numerator) and (not s.denominator or available(s.denominator)),
            }
            for s in wanted
        ],
        "cells": rows,
    }
    cache.set(key, result, 3600)
    return result


def _cells(spec, period, tree, mapping, today, req) -> list[dict[str, Any]]:
    mp = _measure_period(spec, period)
    level = spec.level_on(mp.end)
    num: dict[int, float] | None = None
    den: dict[int, float] | None = None
    if available(spec.numerator) and (not spec.denominator or available(spec.denominator)):
        num = MEASURES[spec.numerator](mp) if spec.numerator in MEASURES else {}
        if spec.denominator in MEASURES:
            den = MEASURES[spec.denominator](mp)
        elif spec.denominator in ("geography.communes_valid", "geography.units_at_level"):
            lv = "commune" if spec.denominator == "geography.communes_valid" else level
            den = engine.count_units(tree, lv)
            mapping = {**mapping, **{n: n for n in tree}}
            num = engine.units_counted(num, mapping, tree, lv)
        elif spec.denominator == "core.months_in_period":
            root = next(n.id for n in tree.values() if n.parent_id is None)
            den = {root: float(len(mp.months()))}
    tp = _target_period(spec, period)
    cells = engine.compute(spec=spec, period=tp, numerator=num, denominator=den, mapping=mapping, tree=tree,
                           today=today, levels=(req.level,) if req.level else LEVELS)  # fmt: skip
    keep = _subtree_codes(tree, req.unit) if req.unit else None
    out = []
    for c in cells:
        if keep is not None and c.unit_code not in keep:
            continue
        d = c.as_dict()
        d["period"] = period.code
        d["measured_from"] = mp.start.isoformat()
        out.append(d)
    return out


def _subtree_codes(tree, code: str) -> set[str]:
    """The unit with `code` in the tree shown and every unit under it."""
    roots = {n.id for n in tree.values() if n.code == code}
    keep = set(roots)
    changed = True
    while changed:
        changed = False
        for n in tree.values():
            if n.parent_id in keep and n.id not in keep:
                keep.add(n.id)
                changed = True
    return {tree[i].code for i in keep}
