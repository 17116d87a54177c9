import shutil
import subprocess
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook
from PIL import Image, ImageStat

from pcmd.accounts.models import Role
from pcmd.indicators.presentation import fmt_number, fmt_percent
from pcmd.indicators.services import matrix, parse_request
from pcmd.reports.models import GeneratedReport
from tests.factories import member

pytestmark = pytest.mark.django_db


def _t10_2024():
    c = next(
        c for c in matrix(parse_request(period="2024", indicator="T10"))["cells"] if c["unit_code"] == "96"
    )
    return f"{fmt_number(c['numerator'])}/{fmt_number(c['denominator'])}", fmt_percent(c["value"])


def test_yearly_docx_has_title_issuer_and_the_engines_t10(tmp_path):
    out = tmp_path / "r.docx"
    call_command(
        "report", "yearly", "--period", "2024", "--format", "docx", "-o", str(out), stdout=StringIO()
    )
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "BÁO CÁO" in text and "Kết quả thực hiện Kế hoạch số 165/KH-UBND năm 2024" in text
    assert "ỦY BAN NHÂN DÂN" in cells and "TỈNH CÀ MAU" in cells and "Độc lập - Tự do - Hạnh phúc" in cells
    ratio, share = _t10_2024()
    assert f"đã kiểm tra {ratio} cơ sở ({share})" in text
    assert ratio in cells and "Nơi nhận:" in cells
    section = doc.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.page_width.mm) == 210
    report = GeneratedReport.objects.get()
    assert report.status == "done" and report.data_version is not None and report.file


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is installed by .ci/run")
def test_yearly_pdf_text_and_first_page_is_not_blank(tmp_path):
    out = tmp_path / "r.pdf"
    call_command("report", "yearly", "--period", "2024", "--format", "pdf", "-o", str(out), stdout=StringIO())
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    ratio, share = _t10_2024()
    assert "BÁO CÁO" in text and "TỈNH CÀ MAU" in text and "năm 2024" in text
    assert ratio in text and share in text
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(out), str(tmp_path / "p")], check=True
    )
    page = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    assert ImageStat.Stat(page).stddev[0] > 10  # ink on the page, not a blank sheet
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    assert "Liberation-Serif" in fonts or "Times" in fonts  # Times New Roman metrics


def test_xlsx_annex_and_final_review(tmp_path):
    out = tmp_path / "r.xlsx"
    call_command(
        "report", "final", "--period", "2021..2025", "--format", "xlsx", "-o", str(out), stdout=StringIO()
    )
    wb = load_workbook(out)
    assert wb.sheetnames == ["Chỉ tiêu toàn tỉnh", "Chỉ tiêu theo đơn vị"]
    assert "giai đoạn 2021 - 2025" in wb.worksheets[0]["A1"].value
    rows = list(wb.worksheets[1].iter_rows(values_only=True))
    assert rows[0][:5] == ("Chỉ tiêu", "Kỳ", "Mã đơn vị", "Đơn vị", "Cấp")
    assert any(r[0] == "T11" and r[2] == "96" and r[4] == "Tỉnh" for r in rows[1:])
    assert {r[4] for r in rows[1:]} <= {"Tỉnh", "Huyện", "Xã, phường"}
    # an each-year target gives one annex row per year for the province
    assert sorted(r[1] for r in rows[1:] if r[0] == "T10" and r[2] == "96") == [
        "2021",
        "2022",
        "2023",
        "2024",
        "2025",
    ]


def test_bad_period_is_a_message(tmp_path):
    with pytest.raises(CommandError, match="báo cáo năm cần kỳ là một năm"):
        call_command("report", "yearly", "--period", "2024H1", "-o", str(tmp_path / "x"), stdout=StringIO())
    with pytest.raises(CommandError, match="2024H1 hoặc 2024H2"):
        call_command("report", "half", "--period", "2024", "-o", str(tmp_path / "x"), stdout=StringIO())


def test_web_request_runs_in_the_background_with_progress(
    client, settings, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(member(Role.LEAD_OFFICER, "96", on=date(2025, 7, 1)))
    with django_assert_max_num_queries(60), django_capture_on_commit_callbacks(execute=True):
        r = client.post("/reports/", {"kind": "half", "period": "2024H1", "format": "docx"})
    assert r.status_code == 302
    report = GeneratedReport.objects.get()
    assert (report.status, report.progress, report.period) == ("done", 100, "2024H1")
    body = client.get("/reports/").content.decode()
    assert "Hoàn thành" in body and f"/reports/{report.pk}/download/" in body
    file = client.get(f"/reports/{report.pk}/download/")
    assert b"".join(file.streaming_content)[:2] == b"PK"
    r = client.post("/reports/", {"kind": "half", "period": "2024", "format": "docx"})
    assert "2024H1 hoặc 2024H2" in r.content.decode()


def test_enforcement_and_local_users_cannot_generate_or_download(client):
    report = GeneratedReport.objects.create(kind="yearly", period="2024", format="docx")
    for role, unit in [(Role.POLICE, "96"), (Role.LOCAL_OFFICER, "32002")]:
        client.force_login(member(role, unit, on=date(2025, 7, 1)))
        assert client.get("/reports/").status_code == 404
        assert client.get(f"/reports/{report.pk}/download/").status_code == 404


def test_the_targets_table_gives_t14_one_line_per_tier():
    from pcmd.reports.content import build

    content = build(kind="yearly", period_text="2025", today=date(2026, 1, 10))
    c = next(
        c for c in matrix(parse_request(period="2025", indicator="T14"))["cells"] if c["unit_code"] == "96"
    )
    table = content.tables[0].rows
    i = next(n for n, row in enumerate(table) if row[0] == "T14")
    tiers = table[i + 1 : i + 3]
    assert [row[1] for row in tiers] == ["– Cấp tỉnh", "– Cấp huyện, xã"]
    for row, t in zip(tiers, c["tiers"], strict=True):
        assert (
            row[3] == fmt_percent(t["value"])
            and row[4] == f"{fmt_number(t['numerator'])}/{fmt_number(t['denominator'])}"
        )
        assert row[2] == t["target"] and row[5] == t["status_label"]


def _province(period: str, code: str) -> dict:
    return next(
        c for c in matrix(parse_request(period=period, indicator=code))["cells"] if c["unit_code"] == "96"
    )


def test_final_review_gives_each_year_targets_year_by_year_from_the_engine():
    from pcmd.reports.content import build

    content = build(kind="final", period_text="2021..2025", today=date(2026, 1, 10))
    each, whole = content.tables
    assert each.head == [
        "Mã",
        "Chỉ tiêu",
        "Mục tiêu",
        "2021",
        "2022",
        "2023",
        "2024",
        "2025",
        "Số năm đạt",
        "Năm 2025",
    ]
    codes = [r[0] for r in each.rows]
    assert len(codes) >= 10 and "T10" in codes and "T11" not in codes
    assert "T11" in [r[0] for r in whole.rows if r[0]]
    for row in each.rows:
        met = 0
        for year, text in zip(range(2021, 2026), row[3:8], strict=True):
            cell = _province(str(year), row[0])  # the year's own figure, asked on its own
            value = text.split("\n")[0]
            unit_is_percent = value.endswith("%")
            if cell["value"] is not None and not cell.get("suppressed"):
                expected = fmt_percent(cell["value"]) if unit_is_percent else fmt_number(cell["value"])
                assert value == expected, (row[0], year)
                if unit_is_percent:
                    assert cell["value"] <= 100 or row[0] not in ("T03", "T10"), (row[0], year)
            assert text.split("\n")[1] == cell["status_label"], (row[0], year)
            met += cell["status"] == "achieved"
        judged = row[8]
        assert judged == "—" or int(judged.split("/")[0]) == met, row[0]
        assert "Không áp dụng mục tiêu cho kỳ này" not in row[8:], row[0]
    # T03 is never five years of workers over one year's total
    t03 = next(r for r in each.rows if r[0] == "T03")
    assert all(float(v.split("%")[0].replace(".", "").replace(",", ".")) <= 100 for v in t03[3:8] if "%" in v)


def test_final_review_summary_agrees_with_its_tables_and_section_iii():
    from pcmd.reports.content import build

    content = build(kind="final", period_text="2021..2025", today=date(2026, 1, 10))
    each, whole = content.tables
    summary = next(s for s in content.sections if s.table is each).paragraphs[0]
    n_each, n_whole = len(each.rows), len([r for r in whole.rows if r[0]])
    assert (
        f"Trong {n_each + n_whole} chỉ tiêu của Kế hoạch, {n_each} chỉ tiêu đánh giá theo từng năm" in summary
    )
    assert f"và {n_whole} chỉ tiêu lũy kế" in summary
    all_years = sum(1 for r in each.rows if r[8] != "—" and r[8].split("/")[0] == r[8].split("/")[1])
    assert f"{all_years} chỉ tiêu đạt tất cả các năm" in summary
    last = sum(1 for r in each.rows if r[9] == "Đạt")
    assert f"năm 2025 có {last} chỉ tiêu đạt" in summary
    iii = next(s for s in content.sections if s.heading.startswith("III."))
    assert iii.paragraphs == ["Tất cả chỉ tiêu đã có số liệu từ hệ thống."]


def test_the_report_does_not_recompute_t10():
    import inspect

    from pcmd.reports import content

    source = inspect.getsource(content)
    assert "inspected_active_at_start" not in source and "active_at_start" not in source
    built = content.build(kind="yearly", period_text="2024", today=date(2025, 1, 10))
    ratio, share = _t10_2024()
    assert f"đã kiểm tra {ratio} cơ sở ({share})" in built.sections[1].paragraphs[0]


@pytest.mark.parametrize(
    "day,text",
    [(date(2025, 3, 5), "ngày 05 tháng 3 năm 2025"), (date(2025, 2, 14), "ngày 14 tháng 02 năm 2025"),
     (date(2025, 12, 9), "ngày 09 tháng 12 năm 2025"), (date(2026, 1, 10), "ngày 10 tháng 01 năm 2026"),
     (date(2025, 10, 20), "ngày 20 tháng 10 năm 2025")],
)  # fmt: skip
def test_dates_are_padded_only_where_nd_30_says(day, text):
    """NĐ 30/2020, Phụ lục I: «ngày dưới 10 và tháng 1, 2 thì phải ghi thêm số 0 ở trước»."""
    from pcmd.reports.content import vn_date

    assert vn_date(day) == text


def test_lead_agency_and_recipients_are_those_of_the_report_date():
    from pcmd.reports.content import build

    before = build(kind="yearly", period_text="2024", today=date(2025, 2, 20))
    after = build(kind="yearly", period_text="2024", today=date(2025, 3, 3))
    reform = build(kind="yearly", period_text="2025", today=date(2026, 1, 10))
    iv = lambda c: c.sections[-1].paragraphs[0]  # noqa: E731
    assert "Sở Lao động - Thương binh và Xã hội – cơ quan thường trực" in iv(before)
    assert "Sở Y tế – cơ quan thường trực" in iv(after)
    assert before.recipients[0] == "Bộ Lao động - Thương binh và Xã hội (b/c);"
    assert after.recipients[0] == "Bộ Y tế (b/c);" and "UBND các huyện, thành phố;" in after.recipients
    assert (
        "UBND các xã, phường;" in reform.recipients and "UBND các huyện, thành phố;" not in reform.recipients
    )
    assert reform.recipients[-1] == "Lưu: VT." and reform.place_date == "Cà Mau, ngày 10 tháng 01 năm 2026"


def test_docx_issuer_is_bold_capitals_and_no_table_row_splits(tmp_path):
    from docx.oxml.ns import qn

    out = tmp_path / "r.docx"
    call_command(
        "report", "final", "--period", "2021..2025", "--format", "docx", "-o", str(out), stdout=StringIO()
    )
    doc = Document(str(out))
    head = doc.tables[0].rows[0].cells[0]
    runs = [r for p in head.paragraphs for r in p.runs if r.text.strip() and not set(r.text) <= {"-"}]
    issuer = [r for r in runs if not r.text.startswith("Số")]
    assert [r.text for r in issuer] == ["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU"] and all(r.bold for r in issuer)
    data_tables = [t for t in doc.tables[1:-1]]
    assert len(data_tables) == 2
    for t in data_tables:
        for i, row in enumerate(t.rows):
            tr_pr = row._tr.trPr
            assert tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None
            assert (tr_pr.find(qn("w:tblHeader")) is not None) == (i == 0)


def test_the_yearly_report_says_which_units_have_no_records_before_they_joined():
    from pcmd.reports.content import build

    content = build(kind="yearly", period_text="2025", today=date(2026, 1, 10))
    t01 = _province("2025", "T01")
    assert t01["coverage"] and t01["coverage"]["note"]
    notes = content.tables and next(s for s in content.sections if s.table is content.tables[0]).notes
    assert any("T01" in n and t01["coverage"]["note"].rstrip(".") in n for n in notes)
