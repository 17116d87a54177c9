"""Regenerate src/pcmd/geography/data/units.json for provinces 95 (Bạc Liêu) and 96 (Cà Mau).

Sources (both GPL-3.0-or-later, data from the General Statistics Office's code lists):
- the 2021 three-level list: `vietnam-provinces==0.4.3`, file vietnam_provinces/data/nested-divisions.json
  (get it with `pip download --no-deps vietnam-provinces==0.4.3` and unzip);
- the 2024 merge of Phường 4 into Phường 2, TP Cà Mau (NQ 1252/NQ-UBTVQH15, effective 01/12/2024);
- the two-level list effective 01/07/2025 and the official old -> new ward table, with its
  partly-merged flag: `vietnam-provinces` 2026.x (installed).

Usage: .venv/bin/python scripts/extract_units.py /path/to/0.4.3/nested-divisions.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import vietnam_provinces
from vietnam_provinces import ProvinceCode, Ward
from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW  # the only place the flag lives

PROVINCES = (95, 96)
EARLIEST = "2000-01-01"  # earlier changes are not modelled
MERGE_2024 = "2024-12-01"
REFORM_2025 = "2025-07-01"
OUT = Path(__file__).resolve().parent.parent / "src/pcmd/geography/data/units.json"

LEVEL = {"tỉnh": "province", "thành phố trung ương": "province", "huyện": "district", "thành phố": "district",
         "thị xã": "district", "quận": "district", "xã": "commune", "phường": "commune", "thị trấn": "commune"}  # fmt: skip


def main(nested_2021: Path) -> None:
    data = json.loads(nested_2021.read_text())
    units: list[dict] = []
    lineage: list[dict] = []

    def add(code, name, kind, level, parent, valid_from, valid_to):
        units.append({"code": str(code), "name": name, "kind": kind, "level": level,
                      "parent": None if parent is None else str(parent),
                      "valid_from": valid_from, "valid_to": valid_to})  # fmt: skip

    for prov in (p for p in data if p["code"] in PROVINCES):
        ends = None if prov["code"] == 96 else "2025-06-30"
        add(prov["code"], prov["name"], prov["division_type"], "province", None, EARLIEST, ends)
        for dist in prov["districts"]:
            add(
                dist["code"],
                dist["name"],
                dist["division_type"],
                "district",
                prov["code"],
                EARLIEST,
                "2025-06-30",
            )
            for ward in dist["wards"]:
                merged_2024 = ward["code"] in (32002, 32011)
                add(
                    ward["code"],
                    ward["name"],
                    ward["division_type"],
                    "commune",
                    dist["code"],
                    EARLIEST,
                    "2024-11-30" if merged_2024 else "2025-06-30",
                )

    # 01/12/2024: Phường 4 (32002) and Phường 2 (32011) of TP Cà Mau become Phường 2, code 32002.
    add(32002, "Phường 2", "phường", "commune", 964, MERGE_2024, "2025-06-30")
    for old in (32002, 32011):
        lineage.append({"old": str(old), "old_from": EARLIEST, "new": "32002", "new_from": MERGE_2024,
                        "effective": MERGE_2024, "partial": False, "source": "NQ 1252/NQ-UBTVQH15"})  # fmt: skip

    # 01/07/2025: two-level structure.
    lineage.append({"old": "95", "old_from": EARLIEST, "new": "96", "new_from": EARLIEST,
                    "effective": REFORM_2025, "partial": False, "source": "NQ 202/2025/QH15"})  # fmt: skip
    for ward in Ward.iter_by_province(ProvinceCode(96)):
        add(ward.code.value, ward.name, str(ward.division_type), "commune", 96, REFORM_2025, None)
    for old_code, entry in sorted(OLD_TO_NEW.items()):
        if entry.old_ward.province_code not in PROVINCES:
            continue
        old_from = MERGE_2024 if old_code == 32002 else EARLIEST
        for new in entry.new_wards:
            lineage.append({"old": str(old_code), "old_from": old_from, "new": str(new.code),
                            "new_from": REFORM_2025, "effective": REFORM_2025,
                            "partial": entry.old_ward.is_partly_merged,
                            "source": "NQ 1655/NQ-UBTVQH15; bảng chuyển đổi ĐVHC"})  # fmt: skip

    payload = {
        "sources": {
            "2021": "vietnam-provinces==0.4.3 data/nested-divisions.json (GSO codes)",
            "2024": "NQ 1252/NQ-UBTVQH15: Phường 4 nhập vào Phường 2, TP Cà Mau, từ 01/12/2024",
            "2025": f"vietnam-provinces=={vietnam_provinces.__version__} (data {vietnam_provinces.__data_version__})",
        },
        "units": units,
        "lineage": lineage,
    }
    OUT.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    print(f"{OUT}: {len(units)} units, {len(lineage)} lineage links")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
