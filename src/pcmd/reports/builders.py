"""Lay a ReportContent out as docx, pdf (WeasyPrint) or the xlsx statistical annex."""

from __future__ import annotations

from io import BytesIO

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Font

from pcmd.core.xlsx import secure_sheet
from pcmd.reports.content import ReportContent
from pcmd.reports.docx_builder import build_docx


def build_pdf(c: ReportContent) -> bytes:
    from weasyprint import HTML

    html = render_to_string("reports/report.html", {"c": c})
    return HTML(string=html).write_pdf()


NUMBER_FORMATS = {
    5: "#,##0.##",
    6: "#,##0.##",
    7: "#,##0.0",
}  # annex columns (0-based): numerator, denominator, value


def _number_formats(sheet) -> None:
    for col, fmt in NUMBER_FORMATS.items():
        for (cell,) in sheet.iter_rows(min_row=2, min_col=col + 1, max_col=col + 1):
            if isinstance(cell.value, int | float):
                cell.number_format = fmt


def build_xlsx(c: ReportContent) -> bytes:
    """The section tables on the first sheet (each under its heading), the annex on the next; numbers stay numbers
    with a grouped format, so a Vietnamese Excel shows 1.540 and 20,3."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Chỉ tiêu toàn tỉnh"
    ws.append([c.title])
    ws.append([f"Phiên bản dữ liệu: {c.data_version}"])
    for s in c.sections:
        if s.table is None:
            continue
        ws.append([])
        ws.append([s.heading.splitlines()[-1]])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        ws.append(s.table.head)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for row in s.table.rows:
            ws.append([str(v).replace("\n", " – ") for v in row])
        for note in s.notes:
            ws.append([note])
    for name, rows in c.annex.items():
        sheet = wb.create_sheet(name[:31])
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        _number_formats(sheet)
    for sheet in wb.worksheets:
        secure_sheet(sheet)  # text that would start a formula stays text
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


BUILDERS = {"docx": build_docx, "pdf": build_pdf, "xlsx": build_xlsx}
