"""Regenerate src/pcmd/geography/data/units.json.gz: every province, district and commune of Viet Nam from 2021,
dated, with the lineage between them (ADR 0002, 0013).

Sources, all from PyPI (vietnam-provinces is GPL-3.0-or-later with the General Statistics Office's code lists;
vietnamadminunits is MIT):
- S0, the 2021 three-level list: `vietnam-provinces==0.4.3` data/nested-divisions.json;
- S1, the list of 2023-05-07: `vietnam-provinces==0.5.0` data/nested-divisions.json (its __data_version__);
- S2, the list in force before 01/07/2025, as of 2025-01-04: the installed 2026.x, `vietnam_provinces.legacy`;
- the 34 provinces / 3 321 communes from 01/07/2025 and the official old -> new ward table with its partly-merged
  flag: the installed 2026.x (the flag lives in a private module: read here, never at run time);
- the names of the communes merged into each S2 commune (aliases): `vietnamadminunits==1.0.4`
  data/dataset.db, table admin_units_legacy, column wardAlias. The snapshots say only which codes disappeared;
  the aliases say which commune took them in. Its data/converter_2025.json (old -> new by names) gives the 2025
  successor of the few pre-2025 communes that the official table leaves out.

Get the files with `pip download --no-deps vietnam-provinces==0.4.3 vietnam-provinces==0.5.0
vietnamadminunits==1.0.4 -d /tmp/units` and unzip each wheel. Usage:
  .venv/bin/python scripts/extract_units.py S0.json S1.json dataset.db

Dates. A change seen between two snapshots took effect on or before the later snapshot's date; that date is used
and the link says `"effective_is": "upper_bound"`. Where the resolution is known its date is used ("exact"):
NQ 1252/NQ-UBTVQH15 (Cà Mau, 01/12/2024) and the 2025 reform (NQ 202/2025/QH15, 01/07/2025). 2021 units carry
valid_from 2000-01-01 (earlier changes are not modelled). A unit is a row per (code, valid_from): a renamed or
moved unit, and every unit below a unit that got a new row, gets a new row with a "same_code" link.

Link confidence: official (a resolution or the official table), same_code (the code continues), derived (a
district followed its communes; a commune absent from the official table followed the communes it absorbed),
alias (the aliases name the absorbing commune), name (the absorbing commune's name contains the old one).
A retired unit with no successor in any source is flagged `"flag": "successor_unknown"`.
"""

from __future__ import annotations

import gzip
import json
import re
import sqlite3
import sys
import unicodedata
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import vietnam_provinces
from vietnam_provinces import Province, Ward
from vietnam_provinces import legacy as pre2025
from vietnam_provinces._province_conversion_2025 import OLD_TO_NEW as PROVINCE_OLD_TO_NEW
from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW as WARD_OLD_TO_NEW

OUT = Path(__file__).resolve().parent.parent / "src/pcmd/geography/data/units.json.gz"
EARLIEST = date(2000, 1, 1)
S1_DATE = date(2023, 5, 7)  # vietnam-provinces 0.5.0 __data_version__
S2_DATE = date(2025, 1, 4)  # vietnam-provinces 0.5.8 / 2026.x legacy data
REFORM = date(2025, 7, 1)
LEVELS = ("province", "district", "commune")
# Changes whose resolution is known: (province, snapshot date) -> (effective date, source).
KNOWN = {("96", S2_DATE): (date(2024, 12, 1), "NQ 1252/NQ-UBTVQH15")}
REFORM_SOURCE = "NQ 202/2025/QH15; NQ sắp xếp ĐVHC cấp xã năm 2025 của tỉnh; bảng chuyển đổi ĐVHC"
REFORM_SOURCES = {
    "95": "NQ 1655/NQ-UBTVQH15; bảng chuyển đổi ĐVHC",
    "96": "NQ 1655/NQ-UBTVQH15; bảng chuyển đổi ĐVHC",
}
NOTE = {
    "alias": "; nơi tiếp nhận theo tên cũ (vietnamadminunits)",
    "name": "; nơi tiếp nhận suy ra từ tên",
    "derived": "; suy ra từ đơn vị cấp dưới",
}
TONES = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe",
         "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}  # fmt: skip
TYPES = r"^(xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh|đặc khu)\s+"


def spelling(name: str) -> str:
    """Equal for spelling variants of one name (case, tone placement, spaces around a hyphen)."""
    s = unicodedata.normalize("NFC", name).lower()
    for old, new in TONES.items():
        s = s.replace(old, new)
    return re.sub(r"[\s\-]+", "", s)


def plain(name: str) -> str:
    s = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in s if unicodedata.category(c) != "Mn").lower())


def short(name: str) -> str:
    return plain(re.sub(TYPES, "", name.strip(), flags=re.IGNORECASE))


WIDTH = {"province": 2, "district": 3, "commune": 5}  # GSO codes: 01, 001, 00001 (unique within a level only)


def gso(level: str, code: int | str) -> str:
    return str(int(code)).zfill(WIDTH[level])


def snapshot_from_file(path: Path) -> dict[str, dict[str, tuple[str, str, str | None]]]:
    """{level: {code: (name, kind, parent code)}} from a vietnam-provinces nested-divisions.json."""
    snap: dict[str, dict[str, tuple[str, str, str | None]]] = {lvl: {} for lvl in LEVELS}
    for p in json.loads(path.read_text()):
        snap["province"][gso("province", p["code"])] = (p["name"], p["division_type"], None)
        for d in p["districts"]:
            snap["district"][gso("district", d["code"])] = (
                d["name"],
                d["division_type"],
                gso("province", p["code"]),
            )
            for w in d["wards"]:
                snap["commune"][gso("commune", w["code"])] = (
                    w["name"],
                    w["division_type"],
                    gso("district", d["code"]),
                )
    return snap


def snapshot_pre2025() -> dict[str, dict[str, tuple[str, str, str | None]]]:
    return {
        "province": {
            gso("province", p.code.value): (p.name, str(p.division_type), None)
            for p in pre2025.Province.iter_all()
        },
        "district": {
            gso("district", d.code.value): (
                d.name,
                str(d.division_type),
                gso("province", d.province_code.value),
            )
            for d in pre2025.District.iter_all()
        },
        "commune": {
            gso("commune", w.code.value): (
                w.name,
                str(w.division_type),
                gso("district", w.district_code.value),
            )
            for w in pre2025.Ward.iter_all()
        },
    }


class Builder:
    def __init__(self) -> None:
        self.rows: list[dict] = []
        self.links: list[dict] = []
        self.open: dict[tuple[str, str], dict] = {}  # (level, code) -> row valid now
        self.last: dict[tuple[str, str], dict] = {}  # (level, code) -> latest row, open or closed
        self.has_successor: set[int] = set()  # id() of rows with an outgoing link
        self.seen: set[tuple[str, str, str, str]] = set()

    def add(self, level: str, code: str, name: str, kind: str, parent: dict | None, start: date) -> dict:
        row = {"code": code, "name": name, "kind": kind, "level": level,
               "parent": parent["code"] if parent else None,
               "parent_from": parent["valid_from"] if parent else None,
               "valid_from": start.isoformat(), "valid_to": None}  # fmt: skip
        self.rows.append(row)
        self.open[(level, code)] = row
        self.last[(level, code)] = row
        return row

    def close(self, row: dict, start_of_next: date) -> None:
        row["valid_to"] = (start_of_next - timedelta(days=1)).isoformat()
        self.open.pop((row["level"], row["code"]), None)

    def link(self, old: dict, new: dict, effective: date, *, partial: bool, source: str, confidence: str,
             exact: bool) -> None:  # fmt: skip
        key = (old["code"], old["valid_from"], new["code"], new["valid_from"])
        if key in self.seen or old is new:
            return
        self.seen.add(key)
        self.links.append({"old": old["code"], "old_from": old["valid_from"], "new": new["code"],
                           "new_from": new["valid_from"], "effective": effective.isoformat(), "partial": partial,
                           "source": source + NOTE.get(confidence, ""), "confidence": confidence,
                           "effective_is": "exact" if exact else "upper_bound"})  # fmt: skip
        self.has_successor.add(id(old))


def province_of(snap, level: str, code: str) -> str:
    while level != "province":
        code = snap[level][code][2]
        level = LEVELS[LEVELS.index(level) - 1]
    return code


def apply_snapshot(b: Builder, prev, snap, on: date, aliases: dict[str, set[str]]) -> None:  # noqa: C901 - one pass, read top to bottom
    """Rows and links for the changes between the previous snapshot and `snap`, seen on `on`."""

    def when(level: str, code: str, s) -> tuple[date, str, bool]:
        prov = province_of(s, level, code)
        if (prov, on) in KNOWN:
            eff, src = KNOWN[(prov, on)]
            return eff, src, True
        return (
            on,
            f"Danh mục ĐVHC ngày {on:%d/%m/%Y} (vietnam-provinces); ngày hiệu lực chưa rõ, không muộn hơn",
            False,
        )

    retired: dict[str, list[dict]] = {lvl: [] for lvl in LEVELS}
    for level in LEVELS:
        parent_level = LEVELS[LEVELS.index(level) - 1] if level != "province" else None
        for code in sorted(set(prev[level]) | set(snap[level])):
            old = b.open.get((level, code))
            cur = snap[level].get(code)
            s = snap if cur else prev
            eff, src, exact = when(level, code, s)
            if cur is None:
                if old is not None:
                    b.close(old, eff)
                    retired[level].append(old)
                continue
            name, kind, parent_code = cur
            parent = b.open[(parent_level, parent_code)] if parent_level else None
            if old is None:
                b.add(level, code, name, kind, parent, eff)
                continue
            same_parent = parent is None or (old["parent"], old["parent_from"]) == (
                parent["code"],
                parent["valid_from"],
            )
            if (
                same_parent
                and spelling(old["name"]) == spelling(name)
                and spelling(old["kind"]) == spelling(kind)
            ):
                old["name"], old["kind"] = name, kind  # a corrected spelling, not a change
                continue
            b.close(old, eff)
            new = b.add(level, code, name, kind, parent, eff)
            b.link(old, new, eff, partial=False, source=src, confidence="same_code", exact=exact)

    # Retired districts go where their communes went.
    communes = {(r["code"], r["valid_from"]): r for r in b.rows if r["level"] == "commune"}
    districts = {(r["code"], r["valid_from"]): r for r in b.rows if r["level"] == "district"}
    for old in retired["district"]:
        targets = set()
        for x in b.links:
            moved = communes.get((x["old"], x["old_from"]))
            if moved and (moved["parent"], moved["parent_from"]) == (old["code"], old["valid_from"]):
                new = communes[(x["new"], x["new_from"])]
                targets.add((new["parent"], new["parent_from"]))
        eff, src, exact = when("district", old["code"], prev)
        for key in sorted(targets):
            b.link(
                old,
                districts[key],
                eff,
                partial=len(targets) > 1,
                source=src,
                confidence="derived",
                exact=exact,
            )

    # Retired communes: the aliases, else a commune of the same district whose name contains the old name.
    def eff_of(row: dict) -> date:
        return date.fromisoformat(row["valid_to"]) + timedelta(days=1)

    alive: dict[str, dict[str, dict]] = defaultdict(dict)  # province -> {code: open commune row}
    for (lvl, code), row in b.open.items():
        if lvl == "commune":
            alive[province_of(snap, "commune", code)][code] = row
    for old in retired["commune"]:
        in_prov = alive[province_of(prev, "commune", old["code"])]
        full, sh = plain(old["name"]), short(old["name"])
        found = [r for c, r in in_prov.items() if full in aliases.get(c, ())]
        if len(found) > 1:
            found = [r for r in found if r["parent"] == old["parent"]] or found
        confidence = "alias"
        if not found:  # the absorbing commune took the old name
            confidence = "name"
            found = [r for r in in_prov.values()
                     if r["parent"] == old["parent"] and r["valid_from"] == eff_of(old).isoformat()
                     and spelling(r["name"]) == spelling(old["name"])]  # fmt: skip
        if not found:
            confidence = "name"
            found = [r for r in in_prov.values()
                     if r["parent"] == old["parent"] and sh and sh in plain(r["name"]) and short(r["name"]) != sh]  # fmt: skip
            found = found if len(found) == 1 else []
        eff, src, exact = when("commune", old["code"], prev)
        for new in found:
            b.link(old, new, eff, partial=len(found) > 1, source=src, confidence="official" if exact else confidence,
                   exact=exact)  # fmt: skip


def apply_reform(b: Builder, converter: dict[str, list[tuple[str, str]]]) -> list[str]:  # noqa: C901 - one pass, read top to bottom
    """01/07/2025: 34 provinces, communes directly under them, official lineage. Returns notes on data conflicts."""
    notes: list[str] = []
    before, last = dict(b.open), dict(b.last)
    for row in before.values():
        if row["level"] != "province":
            b.close(row, REFORM)
    new_prov: dict[str, dict] = {}
    for p in Province.iter_all():
        code, name, kind = gso("province", p.code.value), p.name, str(p.division_type)
        old = b.open.get(("province", code))
        if old is not None and spelling(old["name"]) == spelling(name):
            new_prov[code] = old
            continue
        if old is not None:
            b.close(old, REFORM)
        new_prov[code] = b.add("province", code, name, kind, None, REFORM)
        was = [r for (lvl, _), r in last.items() if lvl == "province" and short(r["name"]) == short(name)]
        if was and was[0]["kind"] != kind:
            new_prov[code]["flag"] = (f"name_after_reform: tên theo dữ liệu vietnam-provinces "
                                      f"{vietnam_provinces.__data_version__}; trước đó là tỉnh (ngày đổi tên "
                                      "không có trong dữ liệu)")  # fmt: skip
    for (level, code), row in list(b.open.items()):
        if level == "province" and code not in new_prov:
            b.close(row, REFORM)
    for old_code, entry in sorted(PROVINCE_OLD_TO_NEW.items()):
        old = last[("province", gso("province", old_code))]
        for n in entry.new_provinces:
            new = new_prov[gso("province", n.code)]
            if new is not old:
                b.link(old, new, REFORM, partial=len(entry.new_provinces) > 1, source="NQ 202/2025/QH15",
                       confidence="official", exact=True)  # fmt: skip
    new_prov_names = {code: row["name"] for code, row in new_prov.items()}
    new_ward: dict[str, dict] = {}
    for w in Ward.iter_all():
        code = gso("commune", w.code.value)
        new_ward[code] = b.add("commune", code, w.name, str(w.division_type),
                               new_prov[gso("province", w.province_code.value)], REFORM)  # fmt: skip
    official: dict[str, list[str]] = {}
    for old_code, entry in sorted(WARD_OLD_TO_NEW.items()):
        code = gso("commune", old_code)
        official[code] = [gso("commune", n.code) for n in entry.new_wards]
        old = before.get(("commune", code))
        if old is None:
            old = last.get(("commune", code))
            if old is None:
                notes.append(f"{code}: bảng chuyển đổi nêu một mã không có trong danh mục nào")
                continue
            if id(old) in b.has_successor:
                notes.append(f"{code}: bảng chuyển đổi nêu mã đã giải thể trước 2025 (đã có đơn vị kế thừa)")
                continue
            notes.append(
                f"{code}: bảng chuyển đổi nêu mã đã giải thể trước 2025; dùng làm đơn vị kế thừa của nó"
            )
        src = REFORM_SOURCES.get(gso("province", entry.old_ward.province_code), REFORM_SOURCE)
        for n in official[code]:
            b.link(old, new_ward[n], REFORM, partial=entry.old_ward.is_partly_merged, source=src,
                   confidence="official", exact=True)  # fmt: skip
    # Communes of the pre-2025 list absent from the official table follow the communes they absorbed.
    incoming: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for x in b.links:
        incoming[(x["new"], x["new_from"])].append(x)
    for (level, code), old in before.items():
        if level != "commune" or code in official:
            continue
        targets: set[str] = set()
        stack, seen = [(old["code"], old["valid_from"])], set()
        while stack:
            key = stack.pop()
            if key in seen:
                continue
            seen.add(key)
            if key[0] in official and key != (old["code"], old["valid_from"]):
                targets.update(official[key[0]])
            stack.extend(
                (x["old"], x["old_from"]) for x in incoming[key] if x["effective"] < REFORM.isoformat()
            )
        for n in sorted(targets):
            b.link(old, new_ward[n], REFORM, partial=len(targets) > 1, source=REFORM_SOURCE, confidence="derived",
                   exact=True)  # fmt: skip
    # Still without a successor: vietnamadminunits' own 2025 converter, which keys units by their names.
    for (level, _code), old in before.items():
        if level != "commune" or id(old) in b.has_successor:
            continue
        dist = before[("district", old["parent"])]
        prov = before[("province", dist["parent"])]
        found = converter.get("_".join(plain(x["name"]) for x in (prov, dist, old)), [])
        targets = [w for pkey, wkey in found for w in new_ward.values()
                   if plain(w["name"]) == wkey and short(new_prov_names[w["parent"]]) == pkey]  # fmt: skip
        for new in targets:
            b.link(
                old,
                new,
                REFORM,
                partial=len(targets) > 1,
                source=REFORM_SOURCE,
                confidence="alias",
                exact=True,
            )
    # Island districts with no communes became special zones (đặc khu) of the same name.
    zones = {(w["parent"], short(w["name"])): w for w in new_ward.values() if w["kind"] == "đặc khu"}
    for (level, code), old in before.items():
        if level != "district" or any(
            r["parent"] == code and r["parent_from"] == old["valid_from"] for r in b.rows
        ):
            continue
        prov = old["parent"]
        for n in PROVINCE_OLD_TO_NEW[int(prov)].new_provinces:
            zone = zones.get((gso("province", n.code), short(old["name"])))
            if zone:
                b.link(old, zone, REFORM, partial=False, source=REFORM_SOURCE, confidence="name", exact=True)
    return notes


def converter_from(path: Path) -> dict[str, list[tuple[str, str]]]:
    """{"tinhcaobang_huyenquanghoa_xamyhung": [(short province key, new ward key)]} from converter_2025.json."""
    data = json.loads(path.read_text())
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for pkey, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for wkey, olds in wards.items():
            for old in olds:
                out[old].append(
                    (short(pkey.replace("tinh", "tỉnh ", 1).replace("thanhpho", "thành phố ", 1)), wkey)
                )
    for pkey, olds in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, news in olds.items():
            out[old] = [(short(pkey.replace("tinh", "tỉnh ", 1).replace("thanhpho", "thành phố ", 1)), n["newWardKey"])
                        for n in news]  # fmt: skip
    return out


def aliases_from(db: Path) -> dict[str, set[str]]:
    with sqlite3.connect(db) as con:
        rows = con.execute("select wardCode, wardAlias from admin_units_legacy where wardAlias is not null")
        return {gso("commune", code): set(json.loads(alias)) for code, alias in rows}


def main(s0_file: Path, s1_file: Path, alias_db: Path) -> None:
    b = Builder()
    s0, s1, s2 = snapshot_from_file(s0_file), snapshot_from_file(s1_file), snapshot_pre2025()
    for level in LEVELS:
        parent_level = LEVELS[LEVELS.index(level) - 1] if level != "province" else None
        for code, (name, kind, parent) in sorted(s0[level].items()):
            b.add(level, code, name, kind, b.open[(parent_level, parent)] if parent_level else None, EARLIEST)
    aliases = aliases_from(alias_db)
    apply_snapshot(b, s0, s1, S1_DATE, aliases)
    apply_snapshot(b, s1, s2, S2_DATE, aliases)
    notes = apply_reform(b, converter_from(alias_db.parent / "converter_2025.json"))
    for row in b.rows:
        if row["valid_to"] and row["level"] == "commune" and id(row) not in b.has_successor:
            row["flag"] = "successor_unknown"
    payload = {
        "sources": {
            "2021": "vietnam-provinces==0.4.3 data/nested-divisions.json (mã Tổng cục Thống kê)",
            "2023-05-07": "vietnam-provinces==0.5.0 data/nested-divisions.json",
            "2025-01-04": f"vietnam-provinces=={vietnam_provinces.__version__} vietnam_provinces.legacy",
            "2025-07-01": f"vietnam-provinces=={vietnam_provinces.__version__} "
            f"(dữ liệu {vietnam_provinces.__data_version__}), bảng chuyển đổi ĐVHC",
            "aliases": "vietnamadminunits==1.0.4 data/dataset.db admin_units_legacy.wardAlias",
            "known": {f"{p}@{on}": f"{src}, {eff:%d/%m/%Y}" for (p, on), (eff, src) in KNOWN.items()},
        },
        "notes": notes,
        "units": b.rows,
        "lineage": b.links,
    }
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    text = text.replace('},{"code"', '},\n{"code"').replace('},{"old"', '},\n{"old"')  # one row a line
    OUT.write_bytes(gzip.compress(text.encode(), compresslevel=9, mtime=0))
    flagged = sum(1 for r in b.rows if r.get("flag") == "successor_unknown")
    print(
        f"{OUT}: {len(b.rows)} units, {len(b.links)} lineage links, {flagged} without successor, {len(notes)} notes"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
