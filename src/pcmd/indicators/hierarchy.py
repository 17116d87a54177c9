"""The unit tree shown (valid on a date) and the mapping of any unit onto it along the lineage, built from
geography's cached lineage graph and map (two count queries per call once cached)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from pcmd.geography.selectors import lineage_graph, lineage_map, units_stamp
from pcmd.indicators.data import UnitNode


@lru_cache(maxsize=64)
def _view(on: date, province: str, stamp: tuple[int, ...]) -> tuple[dict[int, UnitNode], dict[int, int]]:
    units, _ = lineage_graph(stamp)
    prefix = f"/{province}/"
    tree = {
        u.pk: UnitNode(u.pk, u.code, u.name, u.level, u.parent_id)
        for u in units.values()
        if u.path.startswith(prefix) and u.is_valid_on(on)
    }
    mapping = {uid: target for uid, target in lineage_map(on=on, stamp=stamp).items() if target in tree}
    return tree, mapping


def stamp() -> tuple[int, ...]:
    """Pass it to `view` to reuse one reading of the units for several dates."""
    return units_stamp()


def view(
    on: date, province: str = "96", units_stamp: tuple[int, ...] | None = None
) -> tuple[dict[int, UnitNode], dict[int, int]]:
    """(tree of units valid on `on`, {any unit id: id of the unit in that tree})."""
    return _view(on, province, units_stamp or stamp())
