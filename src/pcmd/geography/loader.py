"""Load the dated units and their lineage from data/units.json.gz (scripts/extract_units.py), idempotently and in
bulk: one read of the existing rows, then bulk inserts and updates per level."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.db import transaction

from pcmd.geography.errors import UnitError
from pcmd.geography.models import AdminUnit, Level, UnitLineage

DATA_FILE = Path(__file__).parent / "data" / "units.json.gz"
ALL = "all"
DEMO_PROVINCE = "96"  # the demo's province (Cà Mau) and, through the lineage, old Bạc Liêu
LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)
UNIT_FIELDS = ("name", "kind", "level", "parent_id", "path", "valid_to")


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    lineage: int


@lru_cache(maxsize=2)
def read_payload(path: Path = DATA_FILE) -> dict:
    return json.loads(gzip.decompress(path.read_bytes()))


def province_codes(path: Path = DATA_FILE) -> dict[str, str]:
    """{province code: latest name} of every province in the data file (2021 and 2025)."""
    return {u["code"]: u["name"] for u in read_payload(path)["units"] if u["level"] == Level.PROVINCE}


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _family(payload: dict, wanted: Iterable[str]) -> set[str]:
    """The provinces whose rows are loaded for `wanted`: each one and the provinces merged into it."""
    provinces = {(u["code"], u["valid_from"]) for u in payload["units"] if u["level"] == Level.PROVINCE}
    out = set(wanted)
    for link in payload["lineage"]:
        if link["new"] in wanted and (link["old"], link["old_from"]) in provinces:
            out.add(link["old"])
    return out


def parse_provinces(value: str) -> list[str] | None:
    """ "01,79" -> ["01", "79"]; "all" -> None (every province)."""
    return None if value.strip().lower() == ALL else [c.strip() for c in value.split(",")]


@transaction.atomic
def load_units(*, province: str | Iterable[str] | None = DEMO_PROVINCE, path: Path = DATA_FILE) -> LoadResult:
    """Load every unit of the data file that belongs to the history of the given province(s) (each province and
    the provinces merged into it); `None` loads the whole country. Running it again changes nothing."""
    payload = read_payload(path)
    wanted = [province] if isinstance(province, str) else None if province is None else list(province)
    if wanted is not None:
        unknown = [c for c in wanted if c not in province_codes(path)]
        if unknown or not wanted:
            raise UnitError(
                f"Trường «tỉnh»: không có tỉnh, thành phố mã «{', '.join(unknown)}» trong danh mục đơn vị hành chính "
                "(mã hai chữ số như 01, 79, 96, cách nhau bằng dấu phẩy; hoặc «all» cho cả nước)."
            )
    family = None if wanted is None else _family(payload, wanted)
    by_key: dict[tuple[str, str], AdminUnit] = {
        (u.code, u.valid_from.isoformat()): u for u in AdminUnit.objects.all()
    }
    created = updated = 0
    for level in LEVELS:  # parents first
        new_units: list[AdminUnit] = []
        changed: list[AdminUnit] = []
        for row in payload["units"]:
            if row["level"] != level:
                continue
            parent = by_key.get((row["parent"], row["parent_from"])) if row["parent"] else None
            if row["parent"] and parent is None:
                continue  # its province is not being loaded
            root = row["code"] if parent is None else parent.path.split("/")[1]
            if family is not None and root not in family:
                continue
            values = {"name": row["name"], "kind": row["kind"], "level": level, "parent_id": parent.pk if parent else None,
                      "path": f"{parent.path if parent else '/'}{row['code']}/", "valid_to": _d(row["valid_to"])}  # fmt: skip
            key = (row["code"], row["valid_from"])
            unit = by_key.get(key)
            if unit is None:
                unit = AdminUnit(code=row["code"], valid_from=date.fromisoformat(row["valid_from"]), **values)
                new_units.append(unit)
                by_key[key] = unit
            elif any(getattr(unit, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(unit, k, v)
                changed.append(unit)
        AdminUnit.objects.bulk_create(new_units, batch_size=2000)
        assert all(u.pk for u in new_units), "the database must return the ids of inserted rows"
        AdminUnit.objects.bulk_update(changed, [f.removesuffix("_id") for f in UNIT_FIELDS], batch_size=2000)
        created, updated = created + len(new_units), updated + len(changed)
    return LoadResult(created=created, updated=updated, lineage=_load_lineage(payload, by_key))


def _load_lineage(payload: dict, by_key: dict[tuple[str, str], AdminUnit]) -> int:
    existing = {(x.old_id, x.new_id): x for x in UnitLineage.objects.all()}
    new_links: list[UnitLineage] = []
    changed: list[UnitLineage] = []
    count = 0
    for link in payload["lineage"]:
        old = by_key.get((link["old"], link["old_from"]))
        new = by_key.get((link["new"], link["new_from"]))
        if old is None or new is None:
            continue
        count += 1
        values = {"effective": date.fromisoformat(link["effective"]), "partial": link["partial"],
                  "source": link["source"]}  # fmt: skip
        current = existing.get((old.pk, new.pk))
        if current is None:
            new_links.append(UnitLineage(old=old, new=new, **values))
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            changed.append(current)
    UnitLineage.objects.bulk_create(new_links, batch_size=2000)
    UnitLineage.objects.bulk_update(changed, ("effective", "partial", "source"), batch_size=2000)
    return count
