"""The unit tree shown (valid on a date) and the mapping of any unit onto it along the lineage.
Two queries, cached per date for the life of the process (units change by law, not by users)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from pcmd.geography.models import AdminUnit, UnitLineage
from pcmd.geography.selectors import follow_lineage
from pcmd.indicators.data import UnitNode


@lru_cache(maxsize=32)
def _graph(stamp: tuple[int, int]) -> tuple[dict[int, AdminUnit], dict[int, list[tuple[int, date]]]]:
    units = {u.pk: u for u in AdminUnit.objects.all()}
    links: dict[int, list[tuple[int, date]]] = {}
    for old_id, new_id, effective in UnitLineage.objects.values_list("old_id", "new_id", "effective"):
        links.setdefault(old_id, []).append((new_id, effective))
    return units, links


def _stamp() -> tuple[int, int]:
    return AdminUnit.objects.count(), UnitLineage.objects.count()


@lru_cache(maxsize=64)
def _view(on: date, province: str, stamp: tuple[int, int]) -> tuple[dict[int, UnitNode], dict[int, int]]:
    units, links = _graph(stamp)
    prefix = f"/{province}/"
    tree = {
        u.pk: UnitNode(u.pk, u.code, u.name, u.level, u.parent_id)
        for u in units.values()
        if u.path.startswith(prefix) and u.is_valid_on(on)
    }
    mapping: dict[int, int] = {}
    for uid in units:
        target = follow_lineage(uid, on, units, links)
        if target is not None and target in tree:
            mapping[uid] = target
    return tree, mapping


def stamp() -> tuple[int, int]:
    """Changes when units or lineage are (re)loaded; pass it to `view` to reuse one reading."""
    return _stamp()


def view(
    on: date, province: str = "96", units_stamp: tuple[int, int] | None = None
) -> tuple[dict[int, UnitNode], dict[int, int]]:
    """(tree of units valid on `on`, {any unit id: id of the unit in that tree})."""
    return _view(on, province, units_stamp or _stamp())
