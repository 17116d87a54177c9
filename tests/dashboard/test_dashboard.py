from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from pcmd.accounts.models import Role
from pcmd.establishments.models import Establishment, Inspection
from pcmd.indicators.services import matrix, parse_request
from tests.factories import member

pytestmark = pytest.mark.django_db
NOW = date(2025, 7, 1)


@pytest.fixture
def leader(client):
    user = member(Role.LEADER, "96", on=NOW)
    client.force_login(user)
    return user


def test_scorecard_shows_every_target_and_year_with_engine_values(
    client, leader, django_assert_max_num_queries
):
    # Cold: one matrix call for 6 years (one query per measure and year, ~30 a year: 22 measures and the unit reads) + work
    # lists; flat in the number of rows. Data coverage: 1; 2025, where 25 communes are held from 01/07 only, asks the
    # unit-count measures (T01, T06, T07, T12) again for the part held: 7; the halves of 2025 for the three
    # indicators whose level changes on 01/07/2025 (one more matrix call): 14.
    with django_assert_max_num_queries(220):  # +1: the plan in force, for its overdue tasks
        body = client.get("/").content.decode()
    with django_assert_max_num_queries(8):  # warm: session, user, scope, plan, data version, cached rows
        client.get("/")
    for i in range(1, 15):
        assert f'id="row-T{i:02d}"' in body
    t10 = next(
        c for c in matrix(parse_request(period="2023", indicator="T10"))["cells"] if c["unit_code"] == "96"
    )
    text = f"{t10['value']:.1f}".replace(".", ",") + "%"
    row = body[body.index('id="row-T10"') : body.index('id="row-T11"')]
    assert text in row and "st-achieved" in row and ">2023<" in body


def test_drilldown_lists_districts_then_communes(client, leader):
    body = client.get("/dashboard/T10/", {"unit": "96", "year": "2023"}).content.decode()
    table = body[body.index('id="drilldown"') :]
    assert table.count("<tr>") - 1 == 9 and "Huyện Đầm Dơi" in table
    body = client.get("/dashboard/T10/", {"unit": "970", "year": "2023"}).content.decode()
    table = body[body.index('id="drilldown"') :]
    assert table.count("<tr>") - 1 == 16
    body = client.get("/dashboard/T10/", {"unit": "96", "year": "2026"}).content.decode()
    table = body[body.index('id="drilldown"') :]
    assert table.count("<tr>") - 1 == 64 and "Huyện" not in table
    assert "<svg" in body and 'class="target"' in body


def test_as_is_switch_keeps_the_province_total(client, leader):
    was = client.get("/dashboard/T10/", {"unit": "96", "year": "2023"}).content.decode()
    now = client.get("/dashboard/T10/", {"unit": "96", "year": "2023", "view": "as_is"}).content.decode()
    headline = lambda b: b[b.index('id="headline"') : b.index("</div>", b.index('id="headline"'))]  # noqa: E731
    assert (
        "493" in headline(was)
        or headline(was).split("(")[1].split(")")[0] == headline(now).split("(")[1].split(")")[0]
    )
    assert headline(was).split("(")[1].split(")")[0] == headline(now).split("(")[1].split(")")[0]
    assert "Huyện" not in now[now.index('id="drilldown"') :]


def test_commune_officer_opens_on_their_commune_and_may_read_the_province(client):
    client.force_login(member(Role.LOCAL_OFFICER, "32002", on=NOW))
    body = client.get("/").content.decode()
    assert "Tổng quan – Phường An Xuyên" in body and "(đơn vị của bạn)" in body
    body = client.get("/", {"unit": "96"}).content.decode()
    assert "Tổng quan – Tỉnh Cà Mau" in body  # figures are aggregates: ADR 0003
    assert "(đơn vị của bạn)" not in body


def test_work_lists_count_from_the_registry(client, leader):
    body = client.get("/").content.decode()
    today = date.today()
    active = [
        e
        for e in Establishment.objects.all()
        if e.opened_on <= today and (e.closed_on is None or e.closed_on > today)
    ]
    inspected = set(Inspection.objects.values_list("establishment_id", flat=True))
    never = sum(1 for e in active if e.pk not in inspected)
    assert f"chưa từng được kiểm tra</a>: <strong>{never}</strong>" in body


def test_exports_are_the_tables_on_screen(client, leader):
    r = client.get("/dashboard/export.xlsx", {"unit": "96"})
    ws = load_workbook(BytesIO(b"".join(r.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã", "Chỉ tiêu", "Mục tiêu") and len(rows) == 15
    r = client.get("/dashboard/export.xlsx", {"unit": "96", "indicator": "T10", "year": "2023"})
    ws = load_workbook(BytesIO(b"".join(r.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][0] == "96" and len(rows) == 1 + 1 + 9
    assert client.get("/dashboard/T99/").status_code == 404


def test_t14_cell_shows_both_tiers_beside_the_whole(client, leader):
    from pcmd.indicators.presentation import fmt_percent

    c = next(
        c for c in matrix(parse_request(period="2024", indicator="T14"))["cells"] if c["unit_code"] == "96"
    )
    province, local = c["tiers"]
    body = client.get("/").content.decode()
    expected = (f"{fmt_percent(c['value'])}</a><br><small class=\"tiers\">tỉnh {fmt_percent(province['value'])}; "
                f"huyện, xã {fmt_percent(local['value'])}</small>")  # fmt: skip
    assert expected in body
    assert '<td class="st st-no_source"' not in body  # every target of Plan 165 is computed now


def test_work_list_counts_overdue_tips(client, leader):
    from django.utils import timezone

    from pcmd.tips.models import Tip

    today = timezone.localdate()
    overdue = sum(
        1
        for t in Tip.objects.all()
        if t.status not in ("closed", "suspended") and t.due_on and t.due_on < today
    )
    body = client.get("/").content.decode()
    assert (
        f'<a href="/tips/?work=overdue">Tin báo, tố cáo, khiếu nại quá hạn giải quyết</a>: <strong>{overdue}</strong>'
        in body
    )


# What each list says about its size, as the user reads it.
LIST_COUNTS = {
    "/establishments/": r'<span id="total">([\d.]+) cơ sở</span>',
    "/plans/": r'<span id="task-count">([\d.]+) nhiệm vụ quá hạn',
    "/tips/": r"\(([\d.]+) việc\)</span>",
    "/outreach/": r'<span id="missing-count">([\d.]+)</span>',
}


@pytest.mark.parametrize("role,unit", [(Role.LEADER, "96"), (Role.LOCAL_OFFICER, "32002")])
def test_every_work_list_count_is_the_count_of_the_list_it_opens(client, role, unit):
    import re

    client.force_login(member(role, unit, on=NOW))
    body = client.get("/").content.decode()
    items = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>: <strong>([\d.]+)</strong>', body)
    assert len(items) == 6, items
    for url, label, shown in items:
        page = client.get(url.replace("&amp;", "&")).content.decode()
        pattern = LIST_COUNTS[url.split("?")[0].split("#")[0]]
        found = re.search(pattern, page)
        assert found, (label, url)
        assert found.group(1).replace(".", "") == shown.replace(".", ""), (label, url)


def test_active_never_inspected_list_counts_what_a_person_would(client, leader):
    """The list filter "đang hoạt động" + "chưa từng được kiểm tra" against a count made from the rows."""
    import re

    today = date.today()
    inspected = set(Inspection.objects.values_list("establishment_id", flat=True))
    expected = sum(
        1
        for e in Establishment.objects.all()
        if e.opened_on <= today and (e.closed_on is None or e.closed_on > today) and e.pk not in inspected
    )
    closed_never = sum(1 for e in Establishment.objects.all() if e.closed_on and e.pk not in inspected)
    page = client.get("/establishments/", {"active": "on", "never_inspected": "on"}).content.decode()
    assert int(re.search(r'<span id="total">([\d.]+) cơ sở', page).group(1).replace(".", "")) == expected
    page = client.get("/establishments/", {"never_inspected": "on"}).content.decode()
    shown = int(re.search(r'<span id="total">([\d.]+) cơ sở', page).group(1).replace(".", ""))
    assert closed_never > 0 and shown >= expected + closed_never
