"""What every Excel import shares: one reader that reads what the user sees (every row whatever the declared
dimensions, the template's sheet or the active visible one, never a hidden sheet), cells read in Vietnamese
conventions and refused on their row when they cannot be stored, the header check, the upload limit, the kept
file with its row-by-row report, and formula-safe writing for every export."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.datetime import from_excel

from pcmd.core.models import ImportBatch
from pcmd.core.text import normalise

Column = tuple[str, str, bool]  # (field, header, required)
INT_MAX = 2_147_483_647  # PostgreSQL integer (PositiveIntegerField)
EARLIEST = date(1990, 1, 1)
CLEAR = "(xóa)"  # the marker that empties an optional value on update (blank leaves it as stored)
_CLEAR = normalise(CLEAR)


class FileRefused(ValueError):
    """The file as a whole cannot be read: the message names what it is."""


@dataclass
class ImportReport:
    batch: ImportBatch
    errors: list[dict[str, Any]] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.batch.status == ImportBatch.Status.ACCEPTED


# --- cells ---------------------------------------------------------------------------------
def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def cell_text(v: Any, *, max_length: int | None = None) -> str:
    """The cell as trimmed NFC text; ValueError when longer than the column holds."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    elif isinstance(v, datetime):
        v = v.date()
    if isinstance(v, date):
        v = f"{v:%d/%m/%Y}"
    text = nfc(str(v)).strip()
    if max_length is not None and len(text) > max_length:
        raise ValueError(f"dài {len(text)} ký tự, quá giới hạn {max_length} ký tự của cột")
    return text


def is_clear(v: Any) -> bool:
    return isinstance(v, str) and normalise(v) == _CLEAR


def is_blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and v.strip() == "")


def _vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


_GROUPED = re.compile(r"^\d{1,3}([. ]\d{3})+$")


def _number_text(v: str) -> int | float:
    text = v.strip().replace("\u00a0", " ")
    if normalise(text) in ("nan", "inf", "-inf", "+inf", "infinity", "-infinity"):
        raise ValueError(f"«{text}» không phải là số")
    if _GROUPED.match(text):
        text = text.replace(".", "").replace(" ", "")
    try:
        return int(text) if text.isdigit() else float(text)
    except ValueError:
        raise ValueError(f"«{text}» không phải là số nguyên không âm") from None


def cell_int(v: Any, *, max_value: int = INT_MAX) -> int:
    """A non-negative whole number: 12, 12.0, "12", "1.200" (Vietnamese thousands); booleans, NaN, infinities,
    fractions and numbers beyond the column's range are refused with the reason."""
    if is_blank(v):
        return 0
    if isinstance(v, bool):
        raise ValueError("ô chứa giá trị đúng/sai (TRUE/FALSE), không phải số")
    if isinstance(v, str):
        v = _number_text(v)
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            raise ValueError("ô không chứa số hữu hạn (NaN hoặc vô cực)")
        if not v.is_integer():
            raise ValueError(f"{v} không phải là số nguyên")
        v = int(v)
    if not isinstance(v, int):
        raise ValueError("phải là số nguyên không âm")
    if v < 0:
        raise ValueError("phải là số nguyên không âm")
    if v > max_value:
        raise ValueError(f"{_vn(v)} vượt quá giới hạn {_vn(max_value)}")
    return v


def latest_date(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return (
        today.replace(year=today.year + 1)
        if not (today.month == 2 and today.day == 29)
        else today + timedelta(366)
    )


def _serial(d: date) -> int:
    return (d - date(1899, 12, 30)).days


def _in_range(d: date, today: date | None) -> date:
    last = latest_date(today)
    if not EARLIEST <= d <= last:
        raise ValueError(f"ngày {d.day:02d}/{d.month:02d}/{d.year:04d} ngoài khoảng hợp lệ "
                         f"(từ {EARLIEST:%d/%m/%Y} đến {last:%d/%m/%Y})")  # fmt: skip
    return d


def cell_date(v: Any, *, today: date | None = None) -> date | None:
    """A date typed as a date, as dd/mm/yyyy (the Vietnamese way), yyyy-mm-dd, or an Excel day number in a
    General cell; within 1990 … one year ahead, else ValueError saying why."""
    if is_blank(v):
        return None
    if isinstance(v, bool):
        raise ValueError("ô chứa giá trị đúng/sai (TRUE/FALSE), không phải ngày")
    if isinstance(v, datetime):
        return _in_range(v.date(), today)
    if isinstance(v, date):
        return _in_range(v, today)
    if isinstance(v, str) and v.strip().isdigit():
        v = int(v.strip())
    if isinstance(v, (int, float)):
        lo, hi = _serial(EARLIEST), _serial(latest_date(today))
        if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
            raise ValueError("ô không chứa ngày (NaN hoặc vô cực)")
        if not lo <= v <= hi:
            raise ValueError(f"ô chứa số {cell_text(v)}, không phải ngày: ô kiểu General chỉ được đọc là ngày khi là "
                             f"số ngày của Excel từ {lo} ({EARLIEST:%d/%m/%Y}) đến {hi} ({latest_date(today):%d/%m/%Y}); "
                             "hãy ghi ngày dạng ngày/tháng/năm")  # fmt: skip
        return _in_range(from_excel(v).date(), today)
    text = cell_text(v)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            parsed = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return _in_range(parsed, today)
    raise ValueError(f"«{text}» không phải ngày hợp lệ (dạng ngày/tháng/năm, ví dụ 15/03/2024)")


def max_lengths(model: Any, fields: Sequence[str]) -> dict[str, int]:
    out = {}
    for f in fields:
        try:
            length = model._meta.get_field(f).max_length
        except Exception:
            continue
        if length:
            out[f] = length
    return out


# --- templates -----------------------------------------------------------------------------
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


def instructions(wb: Workbook, lines: Sequence[str]) -> None:
    """The «Hướng dẫn» sheet: how blanks, the clearing marker and keys are read."""
    ws = wb.create_sheet("Hướng dẫn")
    ws.column_dimensions["A"].width = 120
    base = [
        "Cách điền tệp",
        "Cột có dấu * là bắt buộc khi thêm mới. Ngày ghi dạng ngày/tháng/năm (ví dụ 15/03/2024), từ năm 1990 "
        "đến một năm sau ngày nhập.",
        "Khi cập nhật một bản ghi đã có: ô để trống hoặc cột không có trong tệp GIỮ NGUYÊN giá trị đang lưu.",
        f"Muốn xóa một giá trị không bắt buộc, ghi đúng {CLEAR} vào ô đó.",
        "Trước khi ghi, hệ thống hiện bản xem trước (thêm mới, thay đổi từng trường cũ → mới, không đổi, "
        "xung đột, dòng bị từ chối) để bạn xác nhận hoặc hủy.",
    ]
    for line in [*base, *lines]:
        ws.append([line])
    ws["A1"].font = Font(bold=True)


# --- reading -------------------------------------------------------------------------------
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")


def sniff(path: Path) -> None:
    """FileRefused naming what the file is when it is not an .xlsx workbook openpyxl can open."""
    with path.open("rb") as fh:
        head = fh.read(8)
        if head.startswith(b"PK\x03\x04"):
            return
        if head == _OLE:
            fh.seek(0)
            while chunk := fh.read(1 << 20):
                if _ENCRYPTED in chunk:
                    raise FileRefused("Tệp Excel được đặt mật khẩu (mã hóa): hãy mở bằng Excel, gỡ mật khẩu, "
                                      "lưu lại rồi tải lên.")  # fmt: skip
            raise FileRefused("Tệp .xls (Excel 97–2003) không được hỗ trợ: hãy mở bằng Excel và lưu lại dạng "
                              "«Sổ làm việc Excel (.xlsx)».")  # fmt: skip
        fh.seek(0)
        sample = fh.read(4096)
    if not sample:
        raise FileRefused("Tệp rỗng (0 byte).")
    try:
        text = sample.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = sample.decode("cp1258", errors="replace") if b"\x00" not in sample else ""
    if text and "\x00" not in text and any(sep in text for sep in (",", ";", "\t")):
        raise FileRefused("Tệp CSV (văn bản phân cách bằng dấu phẩy) không được hỗ trợ: hãy mở bằng Excel và "
                          "lưu lại dạng .xlsx theo mẫu.")  # fmt: skip
    raise FileRefused("Tệp hỏng hoặc không phải tệp Excel .xlsx: không đọc được nội dung.")


def _visible(ws: Any) -> bool:
    return getattr(ws, "sheet_state", "visible") == "visible"


def pick_sheet(wb: Any, sheet: str | None) -> Any:
    """The sheet the template names, else the active sheet, else the first visible one; never a hidden sheet."""
    visible = [ws for ws in wb.worksheets if _visible(ws)]
    if not visible:
        raise FileRefused("Tệp không có trang tính nào đang hiện.")
    if sheet:
        for ws in visible:
            if normalise(ws.title) == normalise(sheet):
                return ws
    active = wb.active
    if active is not None and _visible(active) and active in wb.worksheets:
        return active
    return visible[0]


def _column_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)


def read_rows(
    path: Path, columns: Sequence[Column], sheet: str | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {field: raw value}) for every non-empty row, the header's columns only (a column absent from
    the header is absent from the dict). ValueError naming the missing required or duplicated columns,
    FileRefused for a file that is not a readable .xlsx."""
    sniff(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # corrupt zip, missing parts, not a workbook
        raise FileRefused("Tệp hỏng hoặc không phải tệp Excel .xlsx: không đọc được nội dung.") from exc
    try:
        ws = pick_sheet(wb, sheet)
        ws.reset_dimensions()  # read every row present, whatever the declared used range says
        rows = ws.iter_rows(values_only=True)
        header = [normalise(cell_text(h)).rstrip(" *").strip() for h in next(rows, ())]
        by_header = {normalise(h): f for f, h, _ in columns}
        index: dict[str, int] = {}
        for i, h in enumerate(header):
            f = by_header.get(h)
            if f is None:
                continue
            if f in index:
                title = next(t for g, t, _ in columns if g == f)
                raise ValueError(f"Cột «{title}» có hai lần (cột {_column_letter(index[f])} và cột "
                                 f"{_column_letter(i)}): hãy giữ một cột.")  # fmt: skip
            index[f] = i
        missing = [h for f, h, req in columns if req and f not in index]
        if missing:
            raise ValueError("Thiếu cột bắt buộc: " + ", ".join(f"«{m}»" for m in missing))
        for n, row in enumerate(rows, start=2):
            if not any(not is_blank(c) for c in row):
                continue
            yield n, {f: (row[i] if i < len(row) else None) for f, i in index.items()}
    finally:
        wb.close()


def read_all(
    path: Path, columns: Sequence[Column], sheet: str | None = None
) -> tuple[list[tuple[int, dict[str, Any]]], list[dict[str, Any]]]:
    """All rows, or the error that stopped the reading (header or file) as a report line."""
    try:
        return list(read_rows(path, columns, sheet)), []
    except FileRefused as exc:
        return [], [{"row": 0, "column": "(tệp)", "message": str(exc)}]
    except ValueError as exc:
        return [], [{"row": 1, "column": "(tiêu đề)", "message": str(exc)}]


# --- kept files ----------------------------------------------------------------------------
def _size(n: int) -> str:
    if n < 1048576:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1048576:.1f}".replace(".", ",").removesuffix(",0") + " MB"


def upload_limit() -> int:
    return int(getattr(settings, "PCMD_IMPORT_MAX_BYTES", 20 * 1024 * 1024))


def too_big(size: int | None) -> str | None:
    """The Vietnamese refusal for a file over the upload limit, else None."""
    limit = upload_limit()
    if size is not None and size > limit:
        return (f"Tệp {_size(size)} vượt giới hạn {_size(limit)} cho một lần nhập: hãy chia "
                "thành nhiều tệp nhỏ hơn, hoặc xóa các dòng trống có định dạng ở cuối trang tính.")  # fmt: skip
    return None


def imports_expire(*, now: Any = None) -> int:
    """Delete the kept files of refused, cancelled and never-confirmed imports older than the retention setting
    (the batch and its row report stay); the number of files removed."""
    now = now or timezone.now()
    days = int(getattr(settings, "PCMD_IMPORT_RETENTION_DAYS", 90))
    S = ImportBatch.Status
    old = ImportBatch.objects.filter(status__in=[S.REFUSED, S.CANCELLED, S.PREVIEW],
                                     created_at__lt=now - timedelta(days=days)).exclude(file="")  # fmt: skip
    removed = 0
    for batch in old:
        batch.file.delete(save=False)
        batch.file = ""
        if batch.status == S.PREVIEW:
            batch.status = S.CANCELLED
        batch.save(update_fields=["file", "status"])
        removed += 1
    return removed


def summary_lines(s: dict[str, Any]) -> list[str]:
    """The preview as text (the CLI's --dry-run and its report)."""
    if not s:
        return []
    out = [f"Bản xem trước: {s.get('rows', 0)} dòng – thêm mới {s.get('new', 0)}, thay đổi {s.get('changed', 0)}, "
           f"không thay đổi {s.get('same', 0)}, xung đột {s.get('conflicts', 0)}, bị từ chối {s.get('refused', 0)}."]  # fmt: skip
    for r in s.get("changed_rows", [])[:50]:
        fields = "; ".join(f"{h}: {old} → {new}" for h, old, new in r["fields"])
        out.append(f"  dòng {r['row']} – thay đổi «{r['name']}» (mã {r['id']}): {fields}")
    for r in s.get("conflict_rows", []):
        out.append(f"  dòng {r['row']} – xung đột với cơ sở mã {r['id']}: {r['reason']}")
        out.extend(f"      {h}: đang lưu «{old}» | trong tệp «{new}»" for h, old, new, _ in r["columns"])
    return out


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


# --- writing -------------------------------------------------------------------------------
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def dangerous(v: Any) -> bool:
    """Text a spreadsheet would run as a formula (OWASP: starting with = + - @ tab or CR, also after spaces)."""
    return isinstance(v, str) and bool(v) and v.lstrip(" ").startswith(_FORMULA_START)


def csv_safe(v: Any) -> Any:
    """For CSV: a leading apostrophe keeps such text inert (OWASP CSV injection guidance)."""
    return "'" + v if dangerous(v) else v


def xlsx_row(ws: Any, values: Sequence[Any]) -> list[Any]:
    """A row for a write-only sheet: dangerous text goes in as a text cell (quote prefix), never a formula, and
    keeps its exact characters so the export re-imports unchanged."""
    from openpyxl.cell import WriteOnlyCell

    out: list[Any] = []
    for v in values:
        if dangerous(v):
            c = WriteOnlyCell(ws, value=v)
            c.data_type, c.quotePrefix = "s", True
            out.append(c)
        else:
            out.append(v)
    return out


def make_text(cell: Any) -> None:
    """Same for a cell of an ordinary (not write-only) sheet, after its value was set."""
    if dangerous(cell.value):
        cell.data_type, cell.quotePrefix = "s", True


def secure_sheet(ws: Any) -> None:
    """Every dangerous text cell of an ordinary sheet made text (call before saving)."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f" or isinstance(cell.value, str):
                make_text(cell)
