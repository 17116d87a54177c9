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
from pcmd.core.period import Period, PeriodError, PeriodKind
from pcmd.core.suppression import is_small
from pcmd.geography.coverage import coverage_map
from pcmd.geography.errors import UnitError
from pcmd.geography.selectors import lineage_graph, unit_at
from pcmd.indicators import engine
from pcmd.indicators.data import IndicatorSpec, LevelSpec, Status, TargetSpec
from pcmd.indicators.hierarchy import stamp, view
from pcmd.indicators.registry import MEASURES, REACH, available

LEVELS = ("province", "district", "commune")


@dataclass(frozen=True)
class MatrixRequest:
    periods: tuple[Period, ...]
    unit: str | None = None
    as_of: date | None = None
    level: str | None = None
    indicators: tuple[str, ...] = ()
    plan: str = ""  # the plan's code: its indicators and targets


def parse_request(*, period: str, unit: str | None = None, as_of: str | None = None, level: str | None = None,
                  indicator: str | None = None, plan: str | None = None) -> MatrixRequest:  # fmt: skip
    """Check the user's parameters; PcmdError with a Vietnamese message naming the parameter. Without `plan`,
    the plan in force at the start of the period (or the only one)."""
    from pcmd.plans.selectors import indicators_for, plan_for

    try:
        p = Period.parse(period)
    except PeriodError as exc:
        raise PcmdError(str(exc), field="period") from exc
    try:
        chosen = plan_for(code=plan or None, on=p.start)
    except PcmdError as exc:
        if plan or "Chưa nạp" in exc.message:
            raise
        raise PcmdError(
            f"Kỳ «{period}» nằm ngoài mọi kế hoạch đã nạp: {exc.message}", field="period"
        ) from exc
    plan_code = chosen.code
    lo, hi = (
        date(chosen.period_start.year, 1, 1),
        date(max(chosen.period_end.year + 1, timezone.localdate().year), 12, 31),
    )
    if p.start < lo or p.end > hi:
        raise PcmdError(
            f"Kỳ «{period}» nằm ngoài thời gian theo dõi của kế hoạch {chosen.number} ({lo.year}–{hi.year}).",
            field="period",
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
        known = set(indicators_for(plan=chosen).values_list("code", flat=True))
        codes = tuple(c.strip().upper() for c in indicator.split(",") if c.strip())
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise PcmdError(
                f"Không có chỉ tiêu {', '.join(unknown)} trong kế hoạch {chosen.number}.", field="indicator"
            )
    return MatrixRequest(periods=(p,), unit=unit, as_of=when, level=level, indicators=codes, plan=plan_code)


def for_years(req: MatrixRequest, years: tuple[int, ...]) -> MatrixRequest:
    """The same request over several years (one matrix call: one version check, one reading of the plan)."""
    return MatrixRequest(periods=tuple(Period.year(y) for y in years), unit=req.unit, as_of=req.as_of,
                         level=req.level, indicators=req.indicators, plan=req.plan)  # fmt: skip


def specs(plan_code: str = "") -> list[IndicatorSpec]:
    """The indicators of a plan (by code; default: the plan in force today, or the only one)."""
    from pcmd.plans.selectors import indicators_for, plan_for

    try:
        plan = plan_for(code=plan_code or None)
    except PcmdError:
        return []
    out = []
    for i in indicators_for(plan=plan):
        out.append(IndicatorSpec(
            code=i.code, name=i.name, short_name=i.short_name, numerator=i.numerator, denominator=i.denominator,
            factor=Decimal(i.factor), unit_of_measure=i.unit_of_measure, period_type=i.period_type,
            levels=tuple(LevelSpec(lv.level, lv.valid_from, lv.valid_to) for lv in i.levels.all()),
            targets=tuple(TargetSpec(t.comparator, Decimal(t.value), t.period_rule, t.range_start, t.range_end,
                                     t.scope, t.tier) for t in i.targets.all()),
            sensitive=i.sensitive, range_reading=i.range_reading, transition_rule=i.transition_rule,
            transition_on=i.transition_on,
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
    """The JSON contract shared by `pcmd indicators`, the API, the dashboard and the reports
    (docs/ARCHITECTURE.md, "The matrix contract")."""
    today = today or timezone.localdate()
    version, changed = data_stamp()
    raw = json.dumps([version, changed, [p.code for p in req.periods], req.unit, str(req.as_of), req.level,
                      list(req.indicators), str(today), req.plan])  # fmt: skip
    key = "ind:" + hashlib.sha1(raw.encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    rows = []
    wanted = [s for s in specs(req.plan) if not req.indicators or s.code in req.indicators]
    ctx = _Context(today=today, req=req, units_stamp=stamp(), covered=coverage_map())
    for period in req.periods:
        for spec in wanted:
            if period.kind == PeriodKind.RANGE and spec.range_reading == "each_year":
                rows.extend(_range_cells(spec, period, ctx))
            else:
                rows.extend(_period_cells(spec, period, ctx))
    result = {
        "data_version": version,
        "plan": req.plan,
        "view": "as_is" if req.as_of else "as_was",
        "as_of": req.as_of.isoformat() if req.as_of else None,
        "periods": [
            {"code": p.code, "label": p.label, "start": p.start.isoformat(), "end": p.end.isoformat()}
            for p in req.periods
        ],
        "indicators": [_indicator_info(s) for s in wanted],
        "cells": rows,
    }
    cache.set(key, result, 3600)
    return result


def _indicator_info(s: IndicatorSpec) -> dict[str, Any]:
    return {
        "code": s.code,
        "name": s.name,
        "short_name": s.short_name,
        "unit": s.unit_of_measure,
        "source_ready": available(s.numerator) and (not s.denominator or available(s.denominator)),
        "range_reading": s.range_reading,
        "sensitive": s.sensitive,
        "levels": [
            {
                "level": lv.level,
                "valid_from": lv.valid_from and lv.valid_from.isoformat(),
                "valid_to": lv.valid_to and lv.valid_to.isoformat(),
            }
            for lv in s.levels
        ],
        "transition": {"rule": s.transition_rule, "effective": s.transition_on.isoformat()}
        if s.transition_rule and s.transition_on
        else None,
    }


@dataclass(frozen=True)
class _Context:
    today: date
    req: MatrixRequest
    units_stamp: tuple[int, ...]
    covered: dict[int, date]


def _period_cells(spec: IndicatorSpec, period: Period, ctx: _Context) -> list[dict[str, Any]]:
    on = ctx.req.as_of or min(period.end, max(ctx.today, period.start))
    tree, mapping = view(on, units_stamp=ctx.units_stamp)
    return _cells(spec, period, tree, mapping, ctx)


def _range_cells(spec: IndicatorSpec, period: Period, ctx: _Context) -> list[dict[str, Any]]:
    """An each-year indicator over several years: one result per year (the year's own figures and status), the
    range's value as Σ numerators / Σ denominators of the same years, "đạt N/M năm" and the last year's status."""
    years = [y for y in range(period.start.year, period.end.year + 1) if date(y, 1, 1) <= ctx.today]
    by_unit: dict[str, dict[int, dict[str, Any]]] = {}
    for y in years:
        for c in _period_cells(spec, Period.year(y), ctx):
            by_unit.setdefault(c["unit_code"], {})[y] = c
    out = []
    for cells in by_unit.values():
        if not years or years[-1] not in cells:
            continue  # the units of the range's last year
        own = [cells[y] for y in years if y in cells]
        counted = [c for c in own if c["numerator"] is not None]
        has_den = any(c["denominator"] is not None for c in counted)
        a = sum(c["numerator"] for c in counted) if counted else None
        b = sum(c["denominator"] or 0 for c in counted) if has_den else None
        value = (a * float(spec.factor) / b if a is not None and b else None) if has_den else a
        met = sum(c["status"] == Status.ACHIEVED for c in own)
        judged = sum(c["status"] in JUDGED for c in own)
        last = cells[years[-1]]
        d = {**last, "period": period.code, "numerator": a, "denominator": b, "projected": None,
             "value": None if value is None else round(value, 2), "measured_from": period.start.isoformat(),
             "years": [{k: c[k] for k in YEAR_KEYS} for c in own], "years_met": met, "years_judged": judged,
             "note": f"Đạt {met}/{judged} năm; năm {years[-1]}: {last['status_label']}." if judged else last["note"]}  # fmt: skip
        if spec.sensitive and is_small(a, b):
            d.update(numerator=None, denominator=None, value=None, suppressed=True)
        out.append(d)
    return out


JUDGED = (Status.ACHIEVED, Status.NOT_ACHIEVED, Status.ON_TRACK, Status.AT_RISK)
YEAR_KEYS = ("period", "numerator", "denominator", "value", "target", "status", "status_label", "suppressed",
             "note", "coverage")  # fmt: skip
LEVEL_NAMES = {"province": "tỉnh", "district": "huyện", "commune": "xã, phường"}
UNIT_DENOMINATORS = ("geography.communes_valid", "geography.units_at_level")


def _coverage(tree, covered: dict[int, date], mp: Period) -> tuple[dict[int, date], dict[int, date]]:
    """(units of the tree with no record held in the period, units held only from a day inside it)."""
    excluded, partial = {}, {}
    for n in tree:
        cf = covered.get(n)
        if cf is not None and cf > mp.end:
            excluded[n] = cf
        elif cf is not None and cf > mp.start:
            partial[n] = cf
    return excluded, partial


def _cells(spec, period, tree, mapping, ctx: _Context) -> list[dict[str, Any]]:
    req, today = ctx.req, ctx.today
    mp = _measure_period(spec, period)
    level = spec.level_on(mp.end)
    excluded, partial = _coverage(tree, ctx.covered, mp)
    num: dict[int, float] | None = None
    den: dict[int, float] | None = None
    if available(spec.numerator) and (not spec.denominator or available(spec.denominator)):
        measure = MEASURES.get(spec.numerator)
        num = measure(mp) if measure else {}
        if measure and partial and spec.denominator in UNIT_DENOMINATORS:
            # A unit held only from a day inside the period is judged on that part (T01: the quarters held).
            for cf in sorted(set(partial.values())):
                nodes = {n for n, d in partial.items() if d == cf}
                part = measure(Period(cf, mp.end, PeriodKind.RANGE))
                num = {k: v for k, v in num.items() if mapping.get(k, k) not in nodes}
                num.update({k: v for k, v in part.items() if mapping.get(k, k) in nodes})
        num = {k: v for k, v in num.items() if mapping.get(k, k) not in excluded}
        if spec.denominator in MEASURES:
            den = {
                k: v for k, v in MEASURES[spec.denominator](mp).items() if mapping.get(k, k) not in excluded
            }
        elif spec.denominator in UNIT_DENOMINATORS:
            lv = "commune" if spec.denominator == "geography.communes_valid" else level
            den = {n: v for n, v in engine.count_units(tree, lv).items() if n not in excluded}
            mapping = {**mapping, **{n: n for n in tree}}
            if spec.transition_rule == "either_level" and spec.transition_on and lv == "commune":
                num = {**num, **_either_level(spec, mp, tree, num, ctx)}
            num = engine.units_counted(num, mapping, tree, lv)
        elif spec.denominator == "core.months_in_period":
            root = next(n.id for n in tree.values() if n.parent_id is None)
            den = {root: float(len(mp.months()))}
    tp = _target_period(spec, period)
    cells = engine.compute(spec=spec, period=tp, numerator=num, denominator=den, mapping=mapping, tree=tree,
                           today=today, levels=(req.level,) if req.level else LEVELS,
                           reach=REACH.get(spec.denominator, ""))  # fmt: skip
    keep = _subtree_codes(tree, req.unit) if req.unit else None
    notes = _coverage_notes(tree, excluded, partial)
    no_level = not any(n.level == level for n in tree.values())
    out = []
    by_code = {n.code: n.id for n in tree.values()}
    for c in cells:
        if keep is not None and c.unit_code not in keep:
            continue
        d = c.as_dict()
        d["period"] = period.code
        d["measured_from"] = mp.start.isoformat()
        d["reading"] = spec.range_reading
        d["years"], d["years_met"], d["years_judged"] = [], None, None
        nid = by_code.get(c.unit_code, -1)
        d["coverage"] = notes.get(nid)
        if nid in excluded:
            d.update(numerator=None, denominator=None, value=None, projected=None, status=Status.NOT_COVERED,
                     status_label=Status.LABELS[Status.NOT_COVERED])  # fmt: skip
        elif no_level and num is not None:
            d.update(value=None, status=Status.NO_DATA, status_label=Status.LABELS[Status.NO_DATA],
                     note=f"{period.label}: chỉ tiêu tính ở cấp {LEVEL_NAMES.get(level, level)}; cách xem này "
                          f"không còn cấp {LEVEL_NAMES.get(level, level)} nên không có giá trị – xem «Theo đơn vị "
                          "hành chính từng năm».")  # fmt: skip
        out.append(d)
    return out


def _either_level(spec, mp: Period, tree, raw: dict[int, float], ctx: _Context) -> dict[int, float]:
    """The year of two structures (plan file `transition`, to be confirmed): a commune formed on the transition day
    counts as having done it in that year when it did, or when the district of every former commune of the
    province it came from did. Former communes of another province (records not held) are not asked."""
    on = spec.transition_on
    if not (mp.start < on <= mp.end):
        return {}
    units, links = lineage_graph(ctx.units_stamp)
    root = next((n for n in tree.values() if n.parent_id is None), None)
    prefix = f"/{root.code}/" if root else "/"
    preds: dict[int, list[int]] = {}
    for old, news in links.items():
        u = units.get(old)
        if u is None or u.level != "commune" or not u.path.startswith(prefix):
            continue
        for new, effective in news:
            if effective == on and new in tree:
                preds.setdefault(new, []).append(old)
    out = {}
    for new, olds in preds.items():
        if all(raw.get(units[o].parent_id or 0, 0) > 0 for o in olds):
            out[new] = 1.0
    return out


def _coverage_notes(tree, excluded: dict[int, date], partial: dict[int, date]) -> dict[int, dict[str, Any]]:
    """For every unit of the tree with uncovered units under it (or itself): the `coverage` field of its cell."""
    counts: dict[int, dict[str, Any]] = {}
    for group, days in (("excluded", excluded), ("partial", partial)):
        for n, cf in days.items():
            node: int | None = n
            while node is not None and node in tree:
                e = counts.setdefault(node, {"excluded": 0, "partial": 0, "from": None, "units": []})
                e[group] += 1
                e["from"] = max(e["from"] or cf.isoformat(), cf.isoformat())
                node = tree[node].parent_id
    for e in counts.values():
        day = date.fromisoformat(e["from"]).strftime("%d/%m/%Y")
        parts = []
        if e["excluded"]:
            parts.append(f"không tính {e['excluded']} xã, phường chưa có số liệu trước {day}")
        if e["partial"]:
            parts.append(f"{e['partial']} xã, phường chỉ tính số liệu từ {day}")
        e["note"] = "; ".join(parts)
        del e["units"]
    return counts


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
