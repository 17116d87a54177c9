"""The report as .docx in the NĐ 30/2020 layout: A4, Times New Roman, header block, title, numbered
sections, the targets table, signature block, Nơi nhận; page numbers from page 2, top centre."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from pcmd.reports.content import ReportContent, Table

FONT = "Times New Roman"


def _run(par, text: str, size: float = 14, bold: bool = False, italic: bool = False):
    run = par.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return run


def _par(cell_or_doc, text: str = "", size: float = 14, bold=False, italic=False, align=None, space_after=0):
    par = cell_or_doc.add_paragraph()
    if text:
        _run(par, text, size, bold, italic)
    if align is not None:
        par.alignment = align
    par.paragraph_format.space_after = Pt(space_after)
    par.paragraph_format.space_before = Pt(0)
    return par


def _page_number_header(section) -> None:
    section.different_first_page_header_footer = True
    par = section.header.paragraphs[0]
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = par.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    run.font.name, run.font.size = FONT, Pt(13)


def build_docx(c: ReportContent) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.start_type = WD_SECTION.NEW_PAGE
    _page_number_header(section)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)

    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(left.paragraphs[0], c.issuer[0], 13, bold=True)  # NĐ 30: the issuing body in bold capitals
    for line in c.issuer[1:]:
        _par(left, line, 13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _par(left, "-------", 13, align=WD_ALIGN_PARAGRAPH.CENTER)
    _par(left, c.number, 13, align=WD_ALIGN_PARAGRAPH.CENTER)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
    _par(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _par(right, "---------------", 13, align=WD_ALIGN_PARAGRAPH.CENTER)
    _par(right, c.place_date, 14, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)

    _par(doc, "", 14)
    _par(doc, "BÁO CÁO", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _par(doc, c.title, 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    for s in c.sections:
        for line in s.heading.split("\n"):
            _par(doc, line, 14, bold=True, space_after=6)
        for text in s.paragraphs:
            par = _par(doc, text, 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=6)
            par.paragraph_format.first_line_indent = Mm(10)
        if s.table is not None:
            _table(doc, s.table)
        for text in s.notes:
            _par(doc, text, 12, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=6)

    sign = doc.add_table(rows=1, cols=2)
    left, right = sign.rows[0].cells
    _run(left.paragraphs[0], "Nơi nhận:", 12, bold=True, italic=True)
    for r in c.recipients:
        _par(left, f"- {r}", 11)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(right.paragraphs[0], c.signer_title[0], 14, bold=True)
    for t in c.signer_title[1:]:
        _par(right, t, 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for _ in range(4):
        _par(right, "", 14)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _keep_row_whole(row, header: bool = False) -> None:
    """No row split across a page (w:cantSplit); the header row repeats on every page (w:tblHeader)."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _cell_text(cell, text: str, bold: bool = False) -> None:
    par = cell.paragraphs[0]
    for i, line in enumerate(str(text).split("\n")):
        if i:
            par.add_run().add_break()
        _run(par, line, 11, bold)


def _table(doc, t: Table) -> None:
    table = doc.add_table(rows=1, cols=len(t.head))
    table.style = "Table Grid"
    _keep_row_whole(table.rows[0], header=True)
    for cell, text in zip(table.rows[0].cells, t.head, strict=True):
        _cell_text(cell, text, bold=True)
    for row in t.rows:
        added = table.add_row()
        _keep_row_whole(added)
        for cell, text in zip(added.cells, row, strict=True):
            _cell_text(cell, text)
    _par(doc, "", 6)
