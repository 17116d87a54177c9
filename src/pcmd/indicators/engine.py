"""The indicator engine: pure functions from measure results to cells. No ORM here (CONVENTIONS §9).

Leaves (any unit a measure returned) are first mapped onto the hierarchy shown (`mapping`), then summed up
the tree; values are numerator / denominator × factor; statuses compare with the target that applies to the
period, with a linear projection while a period or a cumulative range is still running."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from pcmd.core.period import Period, PeriodKind
from pcmd.core.suppression import hidden_keys, is_small
from pcmd.indicators.data import Cell, IndicatorSpec, Status, TargetSpec, UnitNode


def roll_up(
    values: Mapping[int, float], mapping: Mapping[int, int], tree: Mapping[int, UnitNode]
) -> dict[int, float]:
    """Sum leaf values onto every node of `tree` (the node a leaf maps to, and its ancestors)."""
    totals: dict[int, float] = defaultdict(float)
    for leaf, v in values.items():
        node_id: int | None = mapping.get(leaf)
        while node_id is not None:
            totals[node_id] += v
            node_id = tree[node_id].parent_id if node_id in tree else None
    return dict(totals)


def count_units(tree: Mapping[int, UnitNode], level: str) -> dict[int, float]:
    """For built-in denominators: one per unit of `level` (leaf values; `compute` rolls them up)."""
    return {n.id: 1.0 for n in tree.values() if n.level == level}


def units_counted(
    values: Mapping[int, float], mapping: Mapping[int, int], tree: Mapping[int, UnitNode], level: str
) -> dict[int, float]:
    """For "units that did X" over "units at the level": each unit of `level` in the tree once, whatever
    records its predecessors or it kept; records of units at another level do not count."""
    out: dict[int, float] = {}
    for leaf, v in values.items():
        node = mapping.get(leaf)
        if v > 0 and node is not None and node in tree and tree[node].level == level:
            out[node] = 1.0
    return out


TIER_LABELS = {"province": "Cấp tỉnh", "local": "Cấp huyện, xã"}
WORST_FIRST = (Status.NOT_ACHIEVED, Status.AT_RISK, Status.NO_DATA, Status.NO_TARGET, Status.ON_TRACK,
               Status.ACHIEVED)  # fmt: skip


def _tier_part(
    values: Mapping[int, float] | None, mapping: Mapping[int, int], tree: Mapping[int, UnitNode], tier: str
) -> dict[int, float] | None:
    """The leaves of one tier: those shown at the province are the provincial tier, all others local."""
    if values is None:
        return None
    out = {}
    for leaf, v in values.items():
        node = mapping.get(leaf)
        level = tree[node].level if node is not None and node in tree else None
        if level is not None and ("province" if level == "province" else "local") == tier:
            out[leaf] = v
    return out


def target_for(spec: IndicatorSpec, period: Period, tier: str = "") -> TargetSpec | None:
    for t in spec.targets:
        if tier and t.tier and t.tier != tier:
            continue
        if t.rule == "each_year" and period.kind == PeriodKind.YEAR:
            return t
        cumulative = t.rule == "cumulative" and t.range_start and t.range_end
        if cumulative and period.start == t.range_start and period.end <= t.range_end:  # type: ignore[operator]
            return t
    return None


def status_of(
    value: float | None,
    target: TargetSpec | None,
    period: Period,
    today: date,
    reach: Reach | None = None,
) -> tuple[str, float | None]:
    """Judged as at the earlier of today and the period's end: achieved / not achieved once the target's own
    end is reached; before that, on track / at risk by projecting the value linearly to the target's end — and
    not achieved at once when even the best case cannot reach the target (`reach`: failures already final)."""
    if value is None:
        return Status.NO_DATA, None
    if target is None:
        return Status.NO_TARGET, None
    end = target.range_end if target.rule == "cumulative" and target.range_end else period.end
    asof = min(today, period.end)
    if asof >= end:
        return (Status.ACHIEVED if target.met(value) else Status.NOT_ACHIEVED), None
    elapsed = (asof - period.start).days + 1
    total = (end - period.start).days + 1
    projected = value * total / elapsed if elapsed > 0 else value
    if reach is not None and target.comparator == ">=" and elapsed > 0:
        best = reach.best(asof=asof, end=end, elapsed=elapsed, total=total)
        if best is not None and not target.met(best):
            return Status.NOT_ACHIEVED, round(best, 2)
        if reach.kind == "matters":  # a share of matters settled does not grow with time: judge it as it is
            return (Status.ON_TRACK if target.met(value) else Status.AT_RISK), value
    if target.comparator == ">=" and target.met(value):
        return Status.ON_TRACK, projected
    return (Status.ON_TRACK if target.met(projected) else Status.AT_RISK), projected


@dataclass(frozen=True)
class Reach:
    """What is still possible in a running period when failures so far are final. `matters`: the share of matters
    settled on time (T08) — the rest of the period, projected from the pace so far, all on time at best;
    `calendar`: months with an item (T02) — every remaining month with one at best."""

    kind: str  # matters | calendar
    numerator: float
    denominator: float
    factor: float

    def best(self, *, asof: date, end: date, elapsed: int, total: int) -> float | None:
        a, b = self.numerator, self.denominator
        if not b:
            return None
        if self.kind == "calendar":
            rest = (end.year - asof.year) * 12 + end.month - asof.month
            rest += (asof + timedelta(days=1)).month == asof.month  # the current month may still get its item
            return (a + rest) * self.factor / b
        more = b * (total - elapsed) / elapsed
        return (a + more) * self.factor / (b + more)


def compute(
    *,
    spec: IndicatorSpec,
    period: Period,
    numerator: Mapping[int, float] | None,
    denominator: Mapping[int, float] | None,
    mapping: Mapping[int, int],
    tree: Mapping[int, UnitNode],
    today: date,
    levels: tuple[str, ...] = ("province", "district", "commune"),
    reach: str = "",
) -> list[Cell]:
    """Cells for every unit of the tree at the indicator's level and above. `numerator` None: no source yet.
    Targets set per tier (T14) are judged per tier; the unit's cell then carries the tiers and the worst status."""
    order = list(TIER_LABELS)
    tiers = sorted(
        {t.tier for t in spec.targets if t.tier},
        key=lambda t: (t not in order, order.index(t) if t in order else 0, t),
    )
    if tiers:
        return _tiered(spec, tiers, period, numerator, denominator, mapping, tree, today, levels)
    lowest = spec.level_on(period.end)
    order = ["province", "district", "commune"]
    shown = [lv for lv in order[: order.index(lowest) + 1] if lv in levels]
    nodes = sorted(
        (n for n in tree.values() if n.level in shown), key=lambda n: (order.index(n.level), n.code)
    )
    target = target_for(spec, period)
    if numerator is None:
        return [_cell(spec, period, n, None, None, None, Status.NO_SOURCE, target) for n in nodes]
    num = roll_up(numerator, mapping, tree)
    den = roll_up(denominator, mapping, tree) if denominator is not None else None
    cells = []
    for n in nodes:
        a = num.get(n.id, 0.0)
        b = den.get(n.id, 0.0) if den is not None else None
        value = (a * float(spec.factor) / b if b else None) if den is not None else a
        r = Reach(reach, a, b, float(spec.factor)) if reach and b is not None else None
        status, projected = status_of(value, target, period, today, r)
        cell = _cell(spec, period, n, a, b, value, status, target, projected)
        if spec.sensitive and is_small(a, b):
            _hide(cell)
        cells.append(cell)
    if spec.sensitive:
        _secondary_suppression(cells, tree)
    if target is not None and target.scope == "each_unit":
        _each_unit(cells, lowest)
    return cells


def _tiered(spec, tiers, period, numerator, denominator, mapping, tree, today, levels) -> list[Cell]:
    whole = replace(spec, targets=())
    cells = compute(spec=whole, period=period, numerator=numerator, denominator=denominator, mapping=mapping,
                    tree=tree, today=today, levels=levels)  # fmt: skip
    by_tier = {}
    for tier in tiers:
        own = replace(spec, targets=tuple(replace(t, tier="") for t in spec.targets if t.tier == tier))
        part = compute(spec=own, period=period, numerator=_tier_part(numerator, mapping, tree, tier),
                       denominator=_tier_part(denominator, mapping, tree, tier), mapping=mapping, tree=tree,
                       today=today, levels=levels)  # fmt: skip
        by_tier[tier] = {c.unit_code: c for c in part}
    for c in cells:
        parts = [(tier, by_tier[tier][c.unit_code]) for tier in tiers]
        c.tiers = [{"tier": tier, "label": TIER_LABELS.get(tier, tier), "numerator": p.numerator,
                    "denominator": p.denominator, "value": p.value, "target": p.target, "status": p.status,
                    "status_label": Status.LABELS[p.status], "projected": p.projected} for tier, p in parts]  # fmt: skip
        c.target = "; ".join(f"{TIER_LABELS.get(t, t)} {p.target}" for t, p in parts if p.target) or None
        if c.status != Status.NO_SOURCE:
            c.status = next(
                s for s in WORST_FIRST if s in {p.status for _, p in parts} or s == Status.ACHIEVED
            )
    return cells


def _secondary_suppression(cells: list[Cell], tree: Mapping[int, UnitNode]) -> None:
    """When one unit among its siblings is hidden and the parent is shown, the parent minus the others would
    reveal it: hide the smallest other sibling too."""
    by_code = {n.code: n for n in tree.values()}
    groups: dict[int | None, list[Cell]] = defaultdict(list)
    for c in cells:
        node = by_code.get(c.unit_code)
        if node is not None and node.parent_id is not None:
            groups[node.parent_id].append(c)
    for siblings in groups.values():
        by_unit = {c.unit_code: c for c in siblings}
        primary = [c.unit_code for c in siblings if c.suppressed]
        for code in hidden_keys({c.unit_code: c.denominator or 0 for c in siblings}, primary) - set(primary):
            _hide(by_unit[code])
            by_unit[code].note = "Ẩn thêm để tổng không làm lộ ô nhỏ hơn 5."


def _hide(cell: Cell) -> None:
    """A suppressed cell shows neither its figures nor a status that would hint at them."""
    cell.numerator = cell.denominator = cell.value = cell.projected = None
    cell.suppressed = True
    cell.status = Status.SUPPRESSED


def _each_unit(cells: list[Cell], level: str) -> None:
    """With scope "each unit", a parent is achieved only when every unit below it at the level is."""
    failing = any(c.status in (Status.NOT_ACHIEVED, Status.AT_RISK) for c in cells if c.unit_level == level)
    for c in cells:
        if c.unit_level != level and failing and c.status in (Status.ACHIEVED, Status.ON_TRACK):
            c.status = Status.NOT_ACHIEVED if c.status == Status.ACHIEVED else Status.AT_RISK
            c.note = "Mục tiêu áp dụng cho từng đơn vị: có đơn vị chưa đạt."


def _cell(spec, period, node, a, b, value, status, target, projected=None) -> Cell:
    return Cell(indicator=spec.code, period=period.code, unit_code=node.code, unit_name=node.name,
                unit_level=node.level, numerator=a, denominator=b,
                value=None if value is None else round(value, 2), target=target.label if target else None,
                status=status, projected=None if projected is None else round(projected, 2))  # fmt: skip
