"""Excel template, import (all-or-nothing, row-by-row report, file kept) and streamed export."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from openpyxl import Workbook

from pcmd.core.errors import NotFound, PcmdError
from pcmd.core.models import ImportBatch
from pcmd.core.xlsx import CLEAR, ImportReport, instructions, keep, template, xlsx_row
from pcmd.establishments.importing import (
    COLUMNS,
    KEEP,
    SHEET,
    TAKE,
    apply_establishments,
    plan_establishments,
    summary,
)
from pcmd.establishments.models import BusinessType, Establishment

HEADER = {f: h for f, h, _ in COLUMNS}


def template_workbook() -> Workbook:
    wb = template(SHEET, COLUMNS)
    wb.active.append(["Nhà nghỉ Hoa Mai", "Nhà nghỉ, nhà trọ", "32002", "Số 12, Lý Thường Kiệt", "2001234567", "", "", "Nguyễn Văn A",
               "0912345678", 5, 3, "không", "15/03/2024", "Đang hoạt động", "01/06/2019", "", ""])  # fmt: skip
    types = wb.create_sheet("Loại hình")
    types.append(["Mã", "Tên"])
    for t in BusinessType.objects.filter(active=True):
        types.append([t.code, t.name])
    instructions(wb, [
        "Nhận diện cơ sở: theo «Mã PCMD» (có trong tệp xuất từ PCMD), nếu không có thì theo mã số doanh nghiệp / "
        "hộ kinh doanh, nếu không có thì theo tên và địa chỉ trong cùng xã, phường.",
        "Dòng khớp cơ sở đã có nhưng khác tên, địa chỉ hoặc xã là XUNG ĐỘT: bản xem trước hiện hai bản cạnh nhau "
        "để bạn chọn giữ bản đang lưu hay lấy bản trong tệp. Tên không dấu không thay tên có dấu.",
        "Cơ sở chuyển sang xã, phường khác: ghi mã xã mới và ngày chuyển ở cột «Chuyển về xã này từ ngày»; số liệu "
        f"trước ngày đó vẫn tính cho xã cũ. Ví dụ xóa số điện thoại: ghi {CLEAR} ở cột «Điện thoại».",
    ])  # fmt: skip
    return wb


def import_establishments(
    *, path: Path, original_name: str, actor: Any, today: date | None = None,
    resolutions: dict[int, str] | None = None, conflicts: str | None = None, dry_run: bool = False,
) -> ImportReport:  # fmt: skip
    """Plan the file and, unless `dry_run`, write it: refused whole (file kept, row-by-row report) when a row is
    refused or a conflict has no resolution. Counts are true: changed rows only, unchanged apart."""
    plan = plan_establishments(path=path, actor=actor, today=today)
    errors = list(plan.errors)
    resolutions = resolutions or {}
    if conflicts in (KEEP, TAKE):  # the CLI's one answer for every conflict
        resolutions = {it.row: conflicts for it in plan.items if it.kind == "conflict"} | resolutions
    for it in plan.items:
        if it.kind == "conflict" and resolutions.get(it.row) not in (KEEP, TAKE):
            errors.append({"row": it.row, "column": HEADER["name"], "message": "xung đột: " + it.conflict})
    report = ImportReport(batch=ImportBatch(kind="establishments", original_name=original_name, rows=plan.rows),
                          summary=summary(plan))  # fmt: skip
    if dry_run:
        report.errors = sorted(errors, key=lambda e: e["row"])
        return report
    with transaction.atomic():
        batch = keep(kind="establishments", path=path, original_name=original_name, actor=actor, rows=plan.rows,
                     errors=errors)  # fmt: skip
        report.batch = batch
        if errors:
            report.errors = batch.errors
            return report
        batch.created_count, batch.updated_count, batch.unchanged_count = apply_establishments(
            plan=plan, actor=actor, resolutions=resolutions, today=today
        )
        batch.save(update_fields=["created_count", "updated_count", "unchanged_count"])
    return report


def export_rows(establishments: Iterable[Establishment]) -> IO[bytes]:
    """Write-only workbook in a temporary file (memory stays flat for any list size)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    ws.append([h for _, h, _ in COLUMNS])
    fmt = lambda d: d.strftime("%d/%m/%Y") if d else ""  # noqa: E731
    for e in establishments:
        ws.append(xlsx_row(ws, [e.name, e.business_type.name, e.unit.code, e.address, e.registration_number,
                   e.licence_number, fmt(e.licence_date), e.owner_name, e.phone, e.total_workers, e.female_workers,
                   "có" if e.has_minor_workers else "không", fmt(e.commitment_signed_on), e.get_status_display(),
                   fmt(e.opened_on), fmt(e.closed_on), e.notes, "", e.pk]))  # fmt: skip
    out = tempfile.TemporaryFile()  # noqa: SIM115 - the caller (FileResponse) closes it
    wb.save(out)
    out.seek(0)
    return out


def establishments_preview(
    *, path: Path, original_name: str, actor: Any, today: date | None = None
) -> ImportReport:
    """Check the file and keep it with its preview (new, changed old → new, unchanged, conflicts side by side);
    nothing is written until the uploader confirms. Refused whole (with the row report) when any row is."""
    plan = plan_establishments(path=path, actor=actor, today=today)
    with transaction.atomic():
        batch = keep(kind="establishments", path=path, original_name=original_name, actor=actor, rows=plan.rows,
                     errors=plan.errors)  # fmt: skip
        batch.preview = summary(plan)
        if not plan.errors:
            batch.status = ImportBatch.Status.PREVIEW
        batch.save(update_fields=["preview", "status"])
    return ImportReport(batch=batch, errors=batch.errors, summary=batch.preview)


def preview_get_for(*, actor: Any, batch_id: int) -> ImportBatch:
    """Only the uploader sees and confirms their preview (same not-found for missing and not yours)."""
    batch = ImportBatch.objects.filter(pk=batch_id, kind="establishments", uploaded_by=actor).first()
    if batch is None:
        raise NotFound()
    return batch


class Stale(PcmdError):
    code = "stale"


def establishments_confirm(
    *, actor: Any, batch_id: int, resolutions: dict[int, str], today: date | None = None
) -> ImportBatch:
    """Write the previewed file with the uploader's choice per conflict. The file is checked again: when the
    registry changed since the preview (someone edited a record), the new preview is kept and Stale raised."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(
            pk=preview_get_for(actor=actor, batch_id=batch_id).pk
        )
        if batch.status != ImportBatch.Status.PREVIEW:
            raise PcmdError("Lần nhập này đã được xác nhận hoặc hủy.")
        plan = plan_establishments(path=Path(batch.file.path), actor=actor, today=today)
        fresh = summary(plan)
        if not plan.errors and fresh == batch.preview:
            batch.created_count, batch.updated_count, batch.unchanged_count = apply_establishments(
                plan=plan, actor=actor, resolutions=resolutions, today=today
            )
            batch.status = ImportBatch.Status.ACCEPTED
            batch.save(update_fields=["created_count", "updated_count", "unchanged_count", "status"])
            return batch
    batch.preview = fresh  # kept for the user to read again; nothing else was written
    batch.save(update_fields=["preview"])
    raise Stale("Dữ liệu đã thay đổi từ lúc xem trước: hãy xem lại bản xem trước mới rồi xác nhận.")


def establishments_cancel(*, actor: Any, batch_id: int) -> ImportBatch:
    batch = preview_get_for(actor=actor, batch_id=batch_id)
    if batch.status == ImportBatch.Status.PREVIEW:
        batch.status = ImportBatch.Status.CANCELLED
        batch.save(update_fields=["status"])
    return batch
