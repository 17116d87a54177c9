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
    assert rows[0][0] == "Chỉ tiêu" and any(r[0] == "T11" and r[1] == "96" for r in rows[1:])


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
    i = next(n for n, row in enumerate(content.table) if row[0] == "T14")
    tiers = content.table[i + 1 : i + 3]
    assert [row[1] for row in tiers] == ["– Cấp tỉnh", "– Cấp huyện, xã"]
    for row, t in zip(tiers, c["tiers"], strict=True):
        assert (
            row[3] == fmt_percent(t["value"])
            and row[4] == f"{fmt_number(t['numerator'])}/{fmt_number(t['denominator'])}"
        )
        assert row[2] == t["target"] and row[5] == t["status_label"]
