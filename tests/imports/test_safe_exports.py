"""Every xlsx and csv PCMD writes keeps formula-like text as text (OWASP formula injection)."""

from io import BytesIO

from openpyxl import Workbook, load_workbook

from pcmd.core.xlsx import csv_safe, dangerous, secure_sheet

STARTS = ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "  =1", "   @x"]


def test_what_counts_as_a_formula_start():
    assert all(dangerous(s) for s in STARTS)
    assert not any(dangerous(s) for s in ["Karaoke", "1-2", "a=b", "", None, 5, "<5"])


def test_csv_cells_get_a_leading_apostrophe_and_others_stay():
    assert [csv_safe(s) for s in STARTS] == ["'" + s for s in STARTS]
    assert csv_safe("Đầm Dơi") == "Đầm Dơi" and csv_safe(12) == 12


def test_an_ordinary_sheet_is_made_safe_before_saving():
    wb = Workbook()
    wb.active.append(['=HYPERLINK("http://x")', "bình thường", 3])
    secure_sheet(wb.active)
    out = BytesIO()
    wb.save(out)
    cell = load_workbook(BytesIO(out.getvalue())).active["A1"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")' and cell.quotePrefix
