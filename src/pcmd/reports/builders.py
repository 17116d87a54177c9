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


def build_xlsx(c: ReportContent) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Chỉ tiêu toàn tỉnh"
    ws.append([c.title])
    ws.append([f"Phiên bản dữ liệu: {c.data_version}"])
    ws.append(c.table_head)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for row in c.table:
        ws.append(row)
    for name, rows in c.annex.items():
        sheet = wb.create_sheet(name[:31])
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    for sheet in wb.worksheets:
        secure_sheet(sheet)  # text that would start a formula stays text
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


BUILDERS = {"docx": build_docx, "pdf": build_pdf, "xlsx": build_xlsx}
