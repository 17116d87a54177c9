"""Excel template, import (all-or-nothing, row-by-row report, file kept) and streamed export."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from openpyxl import Workbook
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from pcmd.core.dataversion import bump
from pcmd.core.text import normalise
from pcmd.core.xlsx import ImportReport, cell_date, cell_int, cell_text, keep, read_all, template
from pcmd.establishments.models import BusinessType, Establishment, EstablishmentHome
from pcmd.establishments.services import (
    HOME_START,
    EstablishmentInput,
    establishment_apply,
    validate_establishment,
)
from pcmd.geography.models import AdminUnit
from pcmd.geography.selectors import UnitsByCode

COLUMNS: list[tuple[str, str, bool]] = [  # (field, header, required)
    ("name", "Tên cơ sở", True),
    ("business_type", "Loại hình", True),
    ("unit", "Mã xã, phường", True),
    ("address", "Địa chỉ", True),
    ("registration_number", "Mã số doanh nghiệp / hộ kinh doanh", False),
    ("licence_number", "Số giấy phép", False),
    ("licence_date", "Ngày cấp giấy phép", False),
    ("owner_name", "Chủ cơ sở", False),
    ("phone", "Điện thoại", False),
    ("total_workers", "Tổng số lao động", False),
    ("female_workers", "Lao động nữ", False),
    ("has_minor_workers", "Có lao động dưới 18 tuổi (có/không)", False),
    ("commitment_signed_on", "Ngày ký cam kết", False),
    ("status", "Tình trạng", False),
    ("opened_on", "Hoạt động từ ngày", True),
    ("closed_on", "Đóng cửa từ ngày", False),
    ("notes", "Ghi chú", False),
]
HEADER = {f: h for f, h, _ in COLUMNS}
STATUS_BY_LABEL = {normalise(label): value for value, label in Establishment.Status.choices}
YES = {"co", "x", "1", "true", "yes"}
NO = {"khong", "", "0", "false", "no"}


def template_workbook() -> Workbook:
    wb = template("Cơ sở kinh doanh", COLUMNS)
    wb.active.append(["Nhà nghỉ Hoa Mai", "Nhà nghỉ, nhà trọ", "32002", "Số 12, Lý Thường Kiệt", "2001234567", "", "", "Nguyễn Văn A",
               "0912345678", 5, 3, "không", "15/03/2024", "Đang hoạt động", "01/06/2019", "", ""])  # fmt: skip
    types = wb.create_sheet("Loại hình")
    types.append(["Mã", "Tên"])
    for t in BusinessType.objects.filter(active=True):
        types.append([t.code, t.name])
    return wb


class _Lookups:
    def __init__(self, today: date) -> None:
        self.types: dict[str, BusinessType] = {}
        for t in BusinessType.objects.all():
            self.types[t.code] = self.types[normalise(t.name)] = t
        self.units = UnitsByCode()
        self.today = today

    def unit(self, code: str, on: date | None) -> AdminUnit:
        return self.units.on(code, on or self.today)


def _parse(f: str, raw: Any, lk: _Lookups) -> Any:
    """One cell to its value; ValueError with the Vietnamese reason."""
    if f in ("licence_date", "commitment_signed_on", "opened_on", "closed_on"):
        return cell_date(raw)
    if f in ("total_workers", "female_workers"):
        return cell_int(raw)
    if f == "has_minor_workers":
        t = normalise(cell_text(raw))
        if t not in YES | NO:
            raise ValueError("ghi «có» hoặc «không»")
        return t in YES
    if f == "business_type":
        bt = lk.types.get(cell_text(raw)) or lk.types.get(normalise(cell_text(raw)))
        if bt is None:
            raise ValueError(f"không có loại hình «{cell_text(raw)}» (xem trang «Loại hình» của tệp mẫu)")
        return bt
    if f == "status":
        s = cell_text(raw)
        value = STATUS_BY_LABEL.get(normalise(s), s) if s else Establishment.Status.OPERATING
        if value not in Establishment.Status.values:
            raise ValueError(f"tình trạng «{s}» không hợp lệ (Đang hoạt động, Tạm ngừng, Đã đóng cửa)")
        return value
    return cell_text(raw)


def _row_input(
    values: dict[str, Any], lk: _Lookups
) -> tuple[EstablishmentInput | None, list[tuple[str, str]]]:
    errs: list[tuple[str, str]] = []
    parsed: dict[str, Any] = {}
    for f, _, required in COLUMNS:
        raw = values.get(f)
        if required and cell_text(raw) == "":
            errs.append((f, "không được để trống"))
        elif f != "unit":
            try:
                parsed[f] = _parse(f, raw, lk)
            except ValueError as exc:
                errs.append((f, str(exc)))
    if "unit" not in dict(errs):
        try:
            parsed["unit"] = lk.unit(cell_text(values.get("unit")), parsed.get("closed_on"))
        except ValueError as exc:
            errs.append(("unit", str(exc)))
    if errs:
        return None, errs
    data = EstablishmentInput(**parsed)
    errs.extend((e.field or "name", e.message) for e in validate_establishment(data, today=lk.today))
    return (None if errs else data), errs


def import_establishments(
    *, path: Path, original_name: str, actor: Any = None, today: date | None = None
) -> ImportReport:
    """Check every row; if any is bad, refuse the whole file with a row-by-row report. Otherwise create new
    establishments and update those already registered (same registration number, or same normalised name and
    address in the same commune), in one transaction. The file is kept in both cases."""
    lk = _Lookups(today or timezone.localdate())
    inputs: list[tuple[int, EstablishmentInput]] = []
    rows, errors = read_all(path, COLUMNS)
    for n, values in rows:
        data, errs = _row_input(values, lk)
        errors.extend({"row": n, "column": HEADER.get(f, f), "message": m} for f, m in errs)
        if data is not None:
            inputs.append((n, data))
    errors.extend(_duplicates_in_file(inputs))
    with transaction.atomic():
        batch = keep(kind="establishments", path=path, original_name=original_name, actor=actor,
                     rows=len(inputs) + len({e["row"] for e in errors if e["row"] > 1}), errors=errors)  # fmt: skip
        if errors:
            return ImportReport(batch=batch, errors=batch.errors)
        batch.created_count, batch.updated_count = _write(inputs, actor)
        batch.save(update_fields=["created_count", "updated_count"])
    return ImportReport(batch=batch)


def _key(d: EstablishmentInput) -> tuple[str, str, int]:
    return (normalise(d.name), normalise(d.address), d.unit.pk)


def _duplicates_in_file(inputs: list[tuple[int, EstablishmentInput]]) -> list[dict[str, Any]]:
    seen_reg: dict[str, int] = {}
    seen_key: dict[tuple, int] = {}
    errors = []
    for n, d in inputs:
        if d.registration_number:
            if d.registration_number in seen_reg:
                errors.append({"row": n, "column": HEADER["registration_number"],
                               "message": f"trùng mã số với dòng {seen_reg[d.registration_number]}"})  # fmt: skip
            seen_reg.setdefault(d.registration_number, n)
        if _key(d) in seen_key:
            errors.append(
                {
                    "row": n,
                    "column": HEADER["name"],
                    "message": f"trùng tên và địa chỉ với dòng {seen_key[_key(d)]}",
                }
            )
        seen_key.setdefault(_key(d), n)
    return errors


@transaction.atomic
def _write(inputs: list[tuple[int, EstablishmentInput]], actor: Any) -> tuple[int, int]:
    by_reg = {e.registration_number: e for e in Establishment.objects.exclude(registration_number="")}
    by_key = {(e.name_normalised, e.address_normalised, e.unit_id): e for e in Establishment.objects.all()}
    new: list[Establishment] = []
    changed: list[Establishment] = []
    fields = [f for f, _, _ in COLUMNS] + ["name_normalised", "address_normalised", "updated_by"]
    compared = [
        getattr(Establishment._meta.get_field(f), "attname", f) for f in fields[:-1]
    ]  # FK ids, no lazy loads
    unchanged = 0
    touched: set[str] = set()
    for _, d in inputs:
        reg = by_reg.get(d.registration_number) if d.registration_number else None
        existing = reg or by_key.get(_key(d))
        e = existing or Establishment(created_by=actor)
        before = [getattr(e, f) for f in compared] if existing else None
        establishment_apply(e, d)
        if existing and before is not None:
            pairs = zip(fields, compared, before, strict=False)
            diff = {f for f, attname, old in pairs if getattr(e, attname) != old}
            if not diff:
                unchanged += 1  # same values: no write, no history entry
                continue
            touched |= diff
        e.updated_by = actor
        (changed if existing else new).append(e)
    if changed:
        # Only the columns that changed somewhere: Django's bulk UPDATE builds a CASE per column.
        bulk_update_with_history(
            changed, Establishment, sorted(touched | {"updated_by"}), batch_size=500, default_user=actor
        )
        Establishment.objects.filter(pk__in=[e.pk for e in changed]).update(version=F("version") + 1)
    if new:
        created = bulk_create_with_history(new, Establishment, batch_size=1000, default_user=actor)
        EstablishmentHome.objects.bulk_create(
            (EstablishmentHome(establishment=e, unit=e.unit, valid_from=HOME_START) for e in created),
            batch_size=2000,
        )
    bump()
    return len(new), len(changed) + unchanged


def export_rows(establishments: Iterable[Establishment]) -> IO[bytes]:
    """Write-only workbook in a temporary file (memory stays flat for any list size)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Cơ sở kinh doanh")
    ws.append([h for _, h, _ in COLUMNS])
    fmt = lambda d: d.strftime("%d/%m/%Y") if d else ""  # noqa: E731
    for e in establishments:
        ws.append([e.name, e.business_type.name, e.unit.code, e.address, e.registration_number, e.licence_number,
                   fmt(e.licence_date), e.owner_name, e.phone, e.total_workers, e.female_workers,
                   "có" if e.has_minor_workers else "không", fmt(e.commitment_signed_on), e.get_status_display(),
                   fmt(e.opened_on), fmt(e.closed_on), e.notes])  # fmt: skip
    out = tempfile.TemporaryFile()  # noqa: SIM115 - the caller (FileResponse) closes it
    wb.save(out)
    out.seek(0)
    return out
