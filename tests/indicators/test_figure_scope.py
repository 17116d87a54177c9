"""One rule for who reads which figures (docs/decisions/0003-scope-of-figures.md), for every role, in the
dashboard, the API and the export."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from pcmd.accounts.models import Role
from pcmd.indicators.policies import SENSITIVE_FIGURE_ROLES
from pcmd.indicators.services import matrix, parse_request
from tests.factories import member

pytestmark = pytest.mark.django_db
ON = date(2025, 7, 1)
HOME = {Role.LOCAL_OFFICER: "32002"}  # every other demo role sits on the province


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reads_the_province_figures_and_sensitive_ones_only_if_it_answers_for_them(client, role):
    client.force_login(member(role, HOME.get(role, "96"), on=ON))
    sensitive = role in SENSITIVE_FIGURE_ROLES
    whole = matrix(parse_request(period="2024"))
    api = client.get("/api/v1/indicators", {"period": "2024"}).json()
    expected = [c for c in whole["cells"] if sensitive or c["indicator"] != "T13"]
    assert api["cells"] == expected  # every unit of the province, the same figures as the engine
    assert ("T13" in {i["code"] for i in api["indicators"]}) == sensitive
    body = client.get("/", {"unit": "96"}).content.decode()
    assert "Tổng quan – Tỉnh Cà Mau" in body and 'id="row-T10"' in body
    assert ('id="row-T13"' in body) == sensitive
    assert (client.get("/dashboard/T13/", {"unit": "96", "year": "2024"}).status_code == 200) == sensitive
    r = client.get("/dashboard/export.xlsx", {"unit": "96"})
    codes = [
        row[0]
        for row in load_workbook(BytesIO(b"".join(r.streaming_content))).active.iter_rows(values_only=True)
    ]
    assert ("T13" in codes) == sensitive and "T10" in codes


def test_the_users_own_commune_is_marked_among_the_others(client):
    client.force_login(member(Role.LOCAL_OFFICER, "32002", on=ON))
    body = client.get("/dashboard/T10/", {"unit": "96", "year": "2026"}).content.decode()
    table = body[body.index('id="drilldown"') :]
    assert table.count('class="mine"') == 1
    row = table[table.index('class="mine"') :]
    assert "Phường An Xuyên" in row[: row.index("</tr>")]
