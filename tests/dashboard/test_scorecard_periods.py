"""The scorecard is keyed by period: every cell sits under the column of its own period."""

import re
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from pcmd.accounts.models import Role
from pcmd.dashboard.selectors import NOT_FOUNDED, YEARS
from pcmd.demo.accounts import demo_commune
from pcmd.geography.models import AdminUnit
from pcmd.indicators.services import for_years, matrix, parse_request
from tests.factories import member

pytestmark = pytest.mark.django_db
CELL = re.compile(
    r'<td class="st st-(?P<status>[\w_]+)" title="[^"]*" data-year="(?P<year>[^"]+)">(?P<body>.*?)</td>'
)


def _row(body: str, code: str) -> list[dict[str, str]]:
    start = body.index(f'id="row-{code}"')
    return [m.groupdict() for m in CELL.finditer(body[start : body.index("</tr>", start)])]


def _engine_values(unit_code: str) -> dict[tuple[str, str], dict]:
    req = parse_request(period=str(YEARS[0]))
    return {(c["indicator"], c["period"]): c for c in matrix(for_years(req, YEARS))["cells"]
            if c["unit_code"] == unit_code}  # fmt: skip


def test_new_commune_shows_2025_under_2025_and_not_founded_before(client):
    commune = demo_commune()
    assert commune.valid_from == date(2025, 7, 1)
    client.force_login(member(Role.LOCAL_OFFICER, commune.code, on=date(2025, 7, 1)))
    body = client.get("/").content.decode()
    header = re.findall(r'<th scope="col" data-year="(\d+)">(\d+)</th>', body)
    assert [y for y, _ in header] == [str(y) for y in YEARS] and all(a == b for a, b in header)
    engine = _engine_values(commune.code)
    t10 = _row(body, "T10")
    assert [c["year"] for c in t10] == [str(y) for y in YEARS]
    for c in t10:
        if int(c["year"]) < 2025:
            assert c["status"] == "no_unit" and NOT_FOUNDED in c["body"]
        else:
            cell = engine[("T10", c["year"])]
            assert c["status"] == cell["status"]
            assert f'data-year="{c["year"]}"' in c["body"] and f"year={c['year']}" in c["body"]


def test_old_commune_has_a_cell_for_every_year_with_its_own_figure(client):
    old = (
        AdminUnit.objects.filter(level="commune", valid_from__lte=date(2021, 1, 1), path__startswith="/96/")
        .order_by("code")
        .first()
    )
    client.force_login(member(Role.LOCAL_OFFICER, old.code, on=date(2021, 1, 1)))
    body = client.get("/", {"unit": old.code}).content.decode()
    engine = _engine_values(old.code)
    t10 = _row(body, "T10")
    assert [c["year"] for c in t10] == [str(y) for y in YEARS]
    for c in t10:
        cell = engine.get(("T10", c["year"]))
        if cell is None:
            assert c["status"] == "no_unit"
        else:
            assert c["status"] == cell["status"]


def test_export_puts_each_value_under_its_year(client):
    commune = demo_commune()
    client.force_login(member(Role.LOCAL_OFFICER, commune.code, on=date(2025, 7, 1)))
    r = client.get("/dashboard/export.xlsx")
    rows = list(load_workbook(BytesIO(b"".join(r.streaming_content))).active.iter_rows(values_only=True))
    years = list(rows[0][3:])
    assert years == [str(y) for y in YEARS]
    t10 = next(r for r in rows if r[0] == "T10")
    for y, text in zip(years, t10[3:], strict=True):
        assert (text == NOT_FOUNDED) == (int(y) < 2025)


def _province_body(client, **params):
    client.force_login(member(Role.LEADER, "96", on=date(2025, 7, 1)))
    return client.get("/", {"unit": "96", **params}).content.decode()


def _cell(body, code, year):
    return next(c for c in _row(body, code) if c["year"] == year)


def test_2025_shows_both_structures_halves_under_the_year_and_the_coverage_note(client):
    from pcmd.core.period import Period
    from pcmd.indicators.presentation import fmt_percent
    from pcmd.indicators.services import MatrixRequest

    body = _province_body(client)
    halves = matrix(MatrixRequest(periods=(Period.half(2025, 1), Period.half(2025, 2)), indicators=("T06",)))
    h1, h2 = (
        next(c for c in halves["cells"] if c["unit_code"] == "96" and c["period"] == p)
        for p in ("2025H1", "2025H2")
    )
    cell = _cell(body, "T06", "2025")["body"]
    assert 'data-period="2025H1"' in cell and f"6 tháng đầu: {fmt_percent(h1['value'])}" in cell
    assert f"6 tháng cuối: {fmt_percent(h2['value'])}" in cell
    assert "data-period" not in _cell(body, "T10", "2025")["body"]  # T10 keeps one level: no halves
    note = "25 xã, phường chỉ tính số liệu từ 01/07/2025"
    assert note in _cell(body, "T01", "2025")["body"] and note not in _cell(body, "T01", "2024")["body"]
    assert 'id="projection-rule"' in body


def test_remapped_view_says_why_a_district_target_has_no_value(client):
    body = _province_body(client, view="as_is")
    cell = _cell(body, "T06", "2023")["body"]
    assert "chỉ tiêu tính ở cấp huyện" in cell and "không còn cấp huyện" in cell
    assert "không tính 25 xã, phường chưa có số liệu trước 01/07/2025" in _cell(body, "T01", "2023")["body"]


def test_the_drilldown_headline_carries_the_coverage_note(client):
    client.force_login(member(Role.LEADER, "96", on=date(2025, 7, 1)))
    body = client.get("/dashboard/T01/", {"unit": "96", "year": "2025"}).content.decode()
    head = body[body.index('id="headline"') : body.index("</div>", body.index('id="headline"'))]
    assert "* 25 xã, phường chỉ tính số liệu từ 01/07/2025" in head
    body = client.get("/dashboard/T01/", {"unit": "96", "year": "2023"}).content.decode()
    assert 'id="coverage"' not in body
