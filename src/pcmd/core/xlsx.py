"""What every Excel import shares: reading cells in Vietnamese conventions, the header check, and the kept file
with its row-by-row report (all-or-nothing: the caller writes only when the report has no error)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.files import File
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from pcmd.core.models import ImportBatch
from pcmd.core.text import normalise

Column = tuple[str, str, bool]  # (field, header, required)


@dataclass
class ImportReport:
    batch: ImportBatch
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.batch.status == ImportBatch.Status.ACCEPTED


def cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def cell_date(v: Any) -> date | None:
    if v in (None, ""):
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    text = cell_text(v)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError("ngày không hợp lệ (dạng ngày/tháng/năm, ví dụ 15/03/2024)")


def cell_int(v: Any) -> int:
    if v in (None, ""):
        return 0
    try:
        n = float(v) if not isinstance(v, (int, float)) else v
    except ValueError:
        raise ValueError("phải là số nguyên không âm") from None
    if n < 0 or int(n) != n:
        raise ValueError("phải là số nguyên không âm")
    return int(n)


def header_row(ws: Any, columns: Sequence[Column]) -> None:
    ws.append([h + (" *" if req else "") for _, h, req in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)


def template(title: str, columns: Sequence[Column], example: list[Any] | None = None) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    header_row(ws, columns)
    if example:
        ws.append(example)
    return wb


def read_rows(path: Path, columns: Sequence[Column]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {field: raw value}) for every non-empty row of the first sheet; ValueError naming the
    required columns missing from the header."""
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = [normalise(cell_text(h)).rstrip(" *") for h in next(rows, ())]
        by_header = {normalise(h): f for f, h, _ in columns}
        index = {by_header[h]: i for i, h in enumerate(header) if h in by_header}
        missing = [h for f, h, req in columns if req and f not in index]
        if missing:
            raise ValueError("Thiếu cột bắt buộc: " + ", ".join(f"«{m}»" for m in missing))
        for n, row in enumerate(rows, start=2):
            if not any(c not in (None, "") for c in row):
                continue
            yield n, {f: (row[i] if i < len(row) else None) for f, i in index.items()}
    finally:
        wb.close()


def read_all(
    path: Path, columns: Sequence[Column]
) -> tuple[list[tuple[int, dict[str, Any]]], list[dict[str, Any]]]:
    """All rows, or the error that stopped the reading (header or file) as a report line."""
    try:
        return list(read_rows(path, columns)), []
    except ValueError as exc:
        return [], [{"row": 1, "column": "(tiêu đề)", "message": str(exc)}]
    except Exception as exc:  # not an xlsx file, corrupt zip, ...
        return [], [
            {"row": 0, "column": "(tệp)", "message": f"Không đọc được tệp Excel: {exc.__class__.__name__}"}
        ]


def keep(
    *, kind: str, path: Path, original_name: str, actor: Any, rows: int, errors: list[dict[str, Any]]
) -> ImportBatch:
    """Store the uploaded file and its report. Refused (nothing written) when there is any error."""
    batch = ImportBatch(kind=kind, original_name=original_name, uploaded_by=actor, rows=rows)
    with path.open("rb") as fh:
        batch.file.save(Path(original_name).name, File(fh), save=False)
    if errors:
        batch.status, batch.errors = ImportBatch.Status.REFUSED, sorted(errors, key=lambda e: e["row"])[:5000]
    else:
        batch.status = ImportBatch.Status.ACCEPTED
    batch.save()
    return batch
