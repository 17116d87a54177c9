"""A successor plan loaded beside Plan 165: both stay reportable, each figure names its plan."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from pcmd.plans.loader import load_plan

pytestmark = pytest.mark.django_db
NEXT = Path(__file__).parent / "fixtures" / "ca-mau-2026-2030.yaml"


@pytest.fixture
def next_plan(db):
    return load_plan(NEXT)


def _json(*args):
    out = StringIO()
    call_command("indicators", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_plan_165_stays_reachable_and_the_new_plan_computes_2026(next_plan):
    y2025 = _json("--period", "2025")
    assert y2025["plan"] == "ca-mau-165-2021" and {i["code"] for i in y2025["indicators"]} >= {"T01", "T14"}
    y2026 = _json("--period", "2026")
    assert y2026["plan"] == "ca-mau-2026-2030" and [i["code"] for i in y2026["indicators"]] == ["M01", "M02"]
    # The new plan's M01 is Plan 165's T10 formula: same numerator and denominator for 2026.
    t10 = next(c for c in _json("--period", "2026", "--plan", "ca-mau-165-2021", "--indicator", "T10")["cells"]
               if c["unit_code"] == "96")  # fmt: skip
    m01 = next(c for c in y2026["cells"] if c["indicator"] == "M01" and c["unit_code"] == "96")
    assert (m01["numerator"], m01["denominator"]) == (t10["numerator"], t10["denominator"]) and m01[
        "denominator"
    ]
    assert m01["target"].endswith("50")


def test_an_unknown_plan_code_is_refused_in_vietnamese(next_plan):
    with pytest.raises(
        CommandError, match="Không có kế hoạch mã «khong-co»; các kế hoạch đã nạp: ca-mau-165"
    ):
        _json("--period", "2025", "--plan", "khong-co")


def test_a_period_before_every_plan_names_the_period(next_plan):
    with pytest.raises(CommandError, match="Kỳ «2019» nằm ngoài mọi kế hoạch"):
        _json("--period", "2019")


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_plan_165_reports_still_come_out_with_their_own_title(next_plan, tmp_path, fmt):
    from docx import Document
    from openpyxl import load_workbook

    from pcmd.reports.content import build

    for kind, period in (("yearly", "2025"), ("final", "2021..2025"), ("final", "")):
        out = tmp_path / f"{kind}.{fmt}"
        args = ["report", kind, "--format", fmt, "-o", str(out)]
        if period:
            args += ["--period", period]
        else:
            args += ["--plan", "ca-mau-165-2021"]
        call_command(*args, stdout=StringIO())
        assert out.stat().st_size > 1000
        if fmt == "docx":
            text = "\n".join(p.text for p in Document(str(out)).paragraphs)
        elif fmt == "xlsx":
            text = load_workbook(out).worksheets[0]["A1"].value
        else:
            continue
        expected = ("Kết quả thực hiện Kế hoạch số 165/KH-UBND năm 2025" if kind == "yearly"
                    else "Tổng kết thực hiện Kế hoạch số 165/KH-UBND giai đoạn 2021 - 2025")  # fmt: skip
        assert expected in text
    new = build(kind="final", period_text="", plan="ca-mau-2026-2030")
    assert new.title == "Tổng kết thực hiện Kế hoạch số 99/KH-UBND giai đoạn 2026 - 2030"
    assert (new.period.start.year, new.period.end.year) == (2026, 2030)


def test_a_report_for_an_unknown_plan_is_refused(next_plan, tmp_path):
    with pytest.raises(CommandError, match="Không có kế hoạch mã «khong-co»"):
        call_command("report", "final", "--plan", "khong-co", "-o", str(tmp_path / "x"), stdout=StringIO())
    with pytest.raises(CommandError, match=r"là cả giai đoạn 2021\.\.2025"):
        call_command(
            "report", "final", "--period", "2021..2024", "-o", str(tmp_path / "x"), stdout=StringIO()
        )


def test_the_api_takes_a_plan(next_plan, client):
    from datetime import date

    from pcmd.accounts.models import Role
    from tests.factories import member

    client.force_login(member(Role.LEADER, "96", on=date(2025, 7, 1)))
    r = client.get("/api/v1/indicators", {"period": "2026"})
    assert r.status_code == 200 and r.json()["plan"] == "ca-mau-2026-2030"
    r = client.get("/api/v1/indicators", {"period": "2026", "plan": "ca-mau-165-2021", "indicator": "T10"})
    assert r.status_code == 200 and r.json()["plan"] == "ca-mau-165-2021"
    r = client.get("/api/v1/indicators", {"period": "2026", "plan": "khong-co"})
    assert r.status_code == 400 and "Không có kế hoạch mã «khong-co»" in r.json()["detail"]
