"""Load the dated units and their lineage from data/units.json, idempotently."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from pcmd.geography.models import AdminUnit, UnitLineage

DATA_FILE = Path(__file__).parent / "data" / "units.json"


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    lineage: int


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@transaction.atomic
def load_units(*, province: str = "96", path: Path = DATA_FILE) -> LoadResult:
    """Load every unit of the data file that belongs to `province`'s history (the province itself and
    the provinces merged into it)."""
    payload = json.loads(path.read_text(encoding="utf-8"))
    provinces = {province} | {
        link["old"] for link in payload["lineage"] if link["new"] == province and len(link["old"]) == 2
    }
    rows = payload["units"]
    by_key: dict[tuple[str, str], AdminUnit] = {
        (u.code, u.valid_from.isoformat()): u for u in AdminUnit.objects.all()
    }
    created = updated = 0
    # Parents come first in the file: province, district, commune.
    for level in ("province", "district", "commune"):
        for row in (r for r in rows if r["level"] == level):
            parent = _parent_of(row, by_key)
            root = row["code"] if level == "province" else (parent.path.split("/")[1] if parent else "")
            if root not in provinces:
                continue
            unit_path = f"{parent.path if parent else '/'}{row['code']}/"
            values = {"name": row["name"], "kind": row["kind"], "level": level, "parent": parent, "path": unit_path,
                      "valid_to": _d(row["valid_to"])}  # fmt: skip
            key = (row["code"], row["valid_from"])
            unit = by_key.get(key)
            if unit is None:
                unit = AdminUnit.objects.create(
                    code=row["code"], valid_from=date.fromisoformat(row["valid_from"]), **values
                )
                by_key[key] = unit
                created += 1
            elif any(getattr(unit, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(unit, k, v)
                unit.save()
                updated += 1
    links = 0
    for link in payload["lineage"]:
        old = by_key.get((link["old"], link["old_from"]))
        new = by_key.get((link["new"], link["new_from"]))
        if old is None or new is None:
            continue
        UnitLineage.objects.update_or_create(
            old=old, new=new,
            defaults={"effective": date.fromisoformat(link["effective"]), "partial": link["partial"], "source": link["source"]},
        )  # fmt: skip
        links += 1
    return LoadResult(created=created, updated=updated, lineage=links)


def _parent_of(row: dict, by_key: dict[tuple[str, str], AdminUnit]) -> AdminUnit | None:
    if row["parent"] is None:
        return None
    start = date.fromisoformat(row["valid_from"])
    candidates = [u for (code, _), u in by_key.items() if code == row["parent"] and u.is_valid_on(start)]
    return candidates[0] if candidates else None
