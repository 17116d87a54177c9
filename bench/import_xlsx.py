"""Import throughput of a 20,000-row establishment file next to openpyxl alone reading the same file."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook


def _make_file(
    path: Path, rows: int, seed: int = 7, workers_bump: int = 0, bad_row: int | None = None, reg: str = "4"
) -> None:
    from pcmd.establishments.models import BusinessType
    from pcmd.establishments.xlsx import COLUMNS
    from pcmd.geography.selectors import units_valid_on

    rng = random.Random(seed)
    communes = [u.code for u in units_valid_on(on=__import__("datetime").date.today(), level="commune")]
    types = [t.name for t in BusinessType.objects.all()]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Cơ sở kinh doanh")
    ws.append([h for _, h, _ in COLUMNS])
    for i in range(rows):
        total = rng.randint(1, 20) + workers_bump
        if i == bad_row:
            total = -1  # one bad row: negative worker count
        ws.append([f"Cơ sở thử {i}", rng.choice(types), rng.choice(communes), f"Số {i}, đường {rng.randint(1, 99)}",
                   f"{reg}{i:09d}", "", "", "Nguyễn Văn A", "0912345678", total, rng.randint(0, max(total, 0)), "không", "",
                   "Đang hoạt động", f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2010, 2024)}", "", ""])  # fmt: skip
    wb.save(path)


def _openpyxl_read(path: Path) -> int:
    wb = load_workbook(path, read_only=True, data_only=True)
    n = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    return n


def _timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def _importer():
    """A provincial lead officer: imports are made by someone, checked against their scope."""
    from datetime import date

    from pcmd.accounts.models import Agency, Membership, Role, User
    from pcmd.geography.selectors import unit_at

    unit = unit_at(code="96", on=date.today())
    user, _ = User.objects.get_or_create(username="bench-import", defaults={"full_name": "Bench"})
    agency, _ = Agency.objects.get_or_create(code="bench", defaults={"name": "Bench", "unit": unit})
    Membership.objects.get_or_create(user=user, agency=agency, unit=unit, role=Role.LEAD_OFFICER)
    return user


def run(rows: int = 20_000) -> dict:
    from functools import partial

    from pcmd.establishments.importing import plan_establishments
    from pcmd.establishments.importing import summary as preview_summary
    from pcmd.establishments.models import Establishment
    from pcmd.establishments.xlsx import import_establishments as _import

    actor = _importer()
    import_establishments = partial(_import, actor=actor)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "co-so.xlsx"
        _make_file(path, rows)
        baseline = _timed(lambda: _openpyxl_read(path), 3)
        first = _timed(lambda: import_establishments(path=path, original_name="co-so.xlsx"), 1)[0]
        assert Establishment.objects.count() == rows, "import did not create every row"
        box0: dict = {}
        same = _timed(lambda: box0.update(r=import_establishments(path=path, original_name="co-so.xlsx")), 1)[
            0
        ]
        assert Establishment.objects.count() == rows, "re-import duplicated rows"
        assert box0["r"].batch.unchanged_count == rows and box0["r"].batch.updated_count == 0, (
            "0 changes expected"
        )
        bad = Path(tmp) / "co-so-loi.xlsx"
        _make_file(bad, rows, seed=8, bad_row=rows // 2, reg="5")  # new rows, one of them wrong
        box: dict = {}
        refused = _timed(
            lambda: box.update(r=import_establishments(path=bad, original_name="co-so-loi.xlsx")), 1
        )[0]
        report = box["r"]
        assert not report.ok and len(report.errors) == 1 and report.errors[0]["row"] == rows // 2 + 2, (
            report.errors[:3]
        )
        assert Establishment.objects.count() == rows, "a refused file wrote rows"
        changed = Path(tmp) / "co-so-2.xlsx"
        _make_file(changed, rows, workers_bump=1)  # every row: one more worker
        preview = _timed(lambda: preview_summary(plan_establishments(path=changed, actor=actor)), 1)[0]
        second = _timed(lambda: import_establishments(path=changed, original_name="co-so-2.xlsx"), 1)[0]
        assert Establishment.objects.count() == rows
    base = statistics.median(baseline)
    summary = {
        "rows": rows,
        "openpyxl_read_s": round(base, 3),
        "import_create_s": round(first, 3),
        "import_same_file_s": round(same, 3),
        "import_refused_one_bad_row_s": round(refused, 3),
        "import_update_s": round(second, 3),
        "preview_only_s": round(preview, 3),
        "ratio_preview_vs_read": round(preview / base, 2),
        "create_rows_per_s": round(rows / first),
        "ratio_create_vs_read": round(first / base, 2),
        "ratio_same_file_vs_read": round(same / base, 2),
        "ratio_update_vs_read": round(second / base, 2),
    }
    table = [
        f"{'what':<42}{'seconds':>10}{'rows/s':>10}{'× read':>9}",
        f"{'openpyxl read only (median of 3)':<42}{base:>10.2f}{rows / base:>10.0f}{1:>9.2f}",
        f"{'import, all rows new (check + insert)':<42}{first:>10.2f}{rows / first:>10.0f}{first / base:>9.2f}",
        f"{'import same file again (nothing changes)':<42}{same:>10.2f}{rows / same:>10.0f}{same / base:>9.2f}",
        f"{'file with one bad row: refused whole':<42}{refused:>10.2f}{rows / refused:>10.0f}{refused / base:>9.2f}",
        f"{'import, every row changed (update)':<42}{second:>10.2f}{rows / second:>10.0f}{second / base:>9.2f}",
        f"{'preview alone (every row changed)':<42}{preview:>10.2f}{rows / preview:>10.0f}{preview / base:>9.2f}",
    ]
    return {"summary": summary, "table": table, "samples": {"openpyxl_read_s": baseline}}
