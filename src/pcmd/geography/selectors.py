"""Hierarchy queries on dated units. Each is one query (or one per lineage hop)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from django.db.models import Count, Max, Q, QuerySet

from pcmd.geography.errors import not_valid_on, unknown_unit
from pcmd.geography.models import AdminUnit, Level, UnitLineage


def valid_on_q(d: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": d}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": d})
    )


def units_valid_on(*, on: date, level: str | None = None, province: str | None = None) -> QuerySet[AdminUnit]:
    qs = AdminUnit.objects.filter(valid_on_q(on))
    if level:
        qs = qs.filter(level=level)
    if province:
        qs = qs.filter(path__startswith=f"/{province}/")
    return qs.order_by("path")


def current_unit_id(code: str = "96") -> int | None:
    """The id of the unit with this code valid today (the province, for figures counted on it)."""
    return AdminUnit.objects.filter(code=code, valid_to__isnull=True).values_list("pk", flat=True).first()


def unit_at(*, code: str, on: date) -> AdminUnit:
    """The unit with this code valid on the date; UnitError naming the field otherwise."""
    unit = AdminUnit.objects.filter(valid_on_q(on), code=code).first()
    if unit is None:
        existing = AdminUnit.objects.filter(code=code).order_by("-valid_from").first()
        if existing is None:
            raise unknown_unit(code)
        raise not_valid_on(existing.name, code, on)
    return unit


def require_valid_on(unit: AdminUnit, d: date, field: str = "đơn vị") -> None:
    if not unit.is_valid_on(d):
        raise not_valid_on(unit.name, unit.code, d, field)


def ancestor_map(*, on: date, leaf_level: str = Level.COMMUNE) -> dict[str, dict[str, str]]:
    """{leaf code: {level: ancestor code}} for the leaves valid on the date (one query)."""
    rows = AdminUnit.objects.filter(valid_on_q(on)).values_list("code", "level", "path")
    level_of = {code: level for code, level, _ in rows}
    result: dict[str, dict[str, str]] = {}
    for code, level, path in rows:
        if level != leaf_level:
            continue
        parts = [p for p in path.split("/") if p]
        result[code] = {level_of.get(p, "?"): p for p in parts}
    return result


def successors(*, unit: AdminUnit, on: date) -> list[tuple[AdminUnit, bool]]:
    """The unit(s) that hold the territory of `unit` on the date, following lineage; with a flag set when
    any hop was a partial merge (a split: the record needs a person to choose)."""
    frontier: list[tuple[AdminUnit, bool]] = [(unit, False)]
    done: list[tuple[AdminUnit, bool]] = []
    seen: set[int] = set()
    while frontier:
        current, partial = frontier.pop()
        if current.pk in seen:
            continue
        seen.add(current.pk)
        if current.is_valid_on(on):
            done.append((current, partial))
            continue
        if on < current.valid_from:
            continue  # asked for a date before the unit existed
        links = UnitLineage.objects.filter(old=current, effective__lte=on).select_related("new")
        frontier.extend((link.new, partial or link.partial) for link in links)
    return sorted(done, key=lambda t: t[0].path)


def ancestors_paths(path: str) -> list[str]:
    """ "/96/964/31999/" -> ["/96/", "/96/964/"] (no query)."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts))]


def units_stamp() -> tuple[int, ...]:
    """Changes when units or lineage are (re)loaded, also into a fresh database where the counts are the same but
    the ids are not: the key of the cached graph below (two aggregate queries)."""
    u = AdminUnit.objects.aggregate(n=Count("pk"), top=Max("pk"))
    lin = UnitLineage.objects.aggregate(n=Count("pk"), top=Max("pk"))
    return u["n"], u["top"] or 0, lin["n"], lin["top"] or 0


@lru_cache(maxsize=8)
def lineage_graph(stamp: tuple[int, ...]) -> tuple[dict[int, AdminUnit], dict[int, list[tuple[int, date]]]]:
    """All units and their lineage links, read once per stamp (units change by law, not by users)."""
    units = {u.pk: u for u in AdminUnit.objects.all()}
    links: dict[int, list[tuple[int, date]]] = {}
    for old_id, new_id, effective in UnitLineage.objects.values_list("old_id", "new_id", "effective"):
        links.setdefault(old_id, []).append((new_id, effective))
    return units, links


def lineage_map(*, on: date, stamp: tuple[int, ...] | None = None) -> dict[int, int]:
    """{any unit id: id of the unit holding its territory on `on`}; a split goes to the first successor by code.
    Units that did not exist yet on `on` are left out. Cached per date until units or lineage are reloaded."""
    return dict(_lineage_map(on, stamp or units_stamp()))


@lru_cache(maxsize=64)
def _lineage_map(on: date, stamp: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
    units, links = lineage_graph(stamp)
    out: list[tuple[int, int]] = []
    for uid in units:
        target = follow_lineage(uid, on, units, links)
        if target is not None:
            out.append((uid, target))
    return tuple(out)


def follow_lineage(
    uid: int, on: date, units: dict[int, AdminUnit], links: dict[int, list[tuple[int, date]]]
) -> int | None:
    seen: set[int] = set()
    while uid not in seen:
        seen.add(uid)
        u = units[uid]
        if u.is_valid_on(on):
            return uid
        if on < u.valid_from:
            return None
        nxt = sorted((units[n] for n, eff in links.get(uid, []) if eff <= on), key=lambda x: x.code)
        if not nxt:
            return None
        uid = nxt[0].pk
    return None


class UnitsByCode:
    """Units read once (for a file of many rows): the row valid on a date for a code, or ValueError with the
    Vietnamese reason. Codes are reused across reforms, so a code maps to several rows."""

    def __init__(self, province: str | None = None, levels: tuple[str, ...] = (Level.COMMUNE,)) -> None:
        qs = AdminUnit.objects.filter(level__in=levels)
        if province:
            qs = qs.filter(path__startswith=f"/{province}/")
        self.what = "xã, phường" if levels == (Level.COMMUNE,) else "đơn vị"
        self.rows: dict[str, list[AdminUnit]] = {}
        for u in qs:
            self.rows.setdefault(u.code, []).append(u)

    def on(self, code: str, when: date) -> AdminUnit:
        rows = self.rows.get(code)
        if not rows:
            raise ValueError(f"không có {self.what} mã «{code}»")
        for u in rows:
            if u.is_valid_on(when):
                return u
        raise ValueError(f"{self.what} mã «{code}» không có hiệu lực vào ngày {when:%d/%m/%Y}")
