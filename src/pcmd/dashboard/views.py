from __future__ import annotations

import tempfile
from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from pcmd.core.errors import PcmdError
from pcmd.core.xlsx import secure_sheet
from pcmd.dashboard.selectors import (
    YEARS,
    ScoreCell,
    allowed_unit,
    drilldown,
    own_unit_codes,
    scorecard_for,
    work_lists,
)

REFORM = date(2025, 7, 1)


def _params(request: HttpRequest):
    unit = allowed_unit(request.user, request.GET.get("unit"))
    if unit is None:
        raise Http404("Tài khoản chưa được phân quyền địa bàn.")
    as_is = request.GET.get("view") == "as_is"
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, YEARS[0]), YEARS[-1])
    as_of = timezone.localdate() if as_is else None
    return unit, year, as_of


@login_required
def home(request: HttpRequest) -> HttpResponse:
    unit, year, as_of = _params(request)
    ctx = {"unit": unit, "rows": scorecard_for(actor=request.user, unit=unit, as_of=as_of),
           "mine": unit.code in own_unit_codes(request.user), "years": YEARS, "year": year,
           "as_is": as_of is not None, "work": work_lists(actor=request.user)}  # fmt: skip
    return render(request, "dashboard/home.html", ctx)


@login_required
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    unit, year, as_of = _params(request)
    try:
        data = drilldown(actor=request.user, code=code.upper(), year=year, unit=unit, as_of=as_of)
    except PcmdError as exc:
        raise Http404(exc.message) from exc
    return render(request, "dashboard/indicator.html", {**data, "unit": unit, "year": year, "years": YEARS,
                                                        "as_is": as_of is not None, "code": code.upper()})  # fmt: skip


def _export_text(c: ScoreCell) -> str:
    """A scorecard cell as one spreadsheet cell: value and status, the halves of 2025, the coverage note."""
    parts = [c.text if c.text == c.status_label else f"{c.text} ({c.status_label})"]
    parts += [f"{h.text} ({h.status_label})" for h in c.halves]
    parts += [f"* {c.coverage}"] if c.coverage else []
    parts += [c.note] if c.note and c.status != "no_unit" else []
    return "\n".join(parts)


@login_required
def export(request: HttpRequest) -> FileResponse:
    """The table on screen as xlsx: the scorecard, or one indicator's drill-down when `indicator` is given."""
    unit, year, as_of = _params(request)
    wb = Workbook()
    ws = wb.active
    code = request.GET.get("indicator")
    if code:
        try:
            data = drilldown(actor=request.user, code=code.upper(), year=year, unit=unit, as_of=as_of)
        except PcmdError as exc:
            raise Http404(exc.message) from exc
        ws.title = code.upper()
        ws.append(["Mã đơn vị", "Đơn vị", "Cấp", "Tử số", "Mẫu số", "Giá trị", "Mục tiêu", "Tình trạng"])
        for c in [data["top"], *data["rows"]]:
            if c:
                ws.append([c["unit_code"], c["unit_name"], c["unit_level"], None if c.get("suppressed") else c["numerator"],
                           None if c.get("suppressed") else c["denominator"], "<5" if c.get("suppressed") else c["value"],
                           c["target"], c["status_label"]])  # fmt: skip
    else:
        ws.title = "Tổng quan"
        ws.append(["Mã", "Chỉ tiêu", "Mục tiêu", *[str(y) for y in YEARS]])
        for row in scorecard_for(
            actor=request.user, unit=unit, as_of=as_of
        ):  # one cell per period column, in the columns' order
            ws.append([row.code, row.name, row.target, *[_export_text(c) for c in row.cells]])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    secure_sheet(ws)  # text that would start a formula stays text
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    wb.save(out)
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=f"tong-quan-{unit.code}-{code or 'bang'}-{year}.xlsx"
    )
