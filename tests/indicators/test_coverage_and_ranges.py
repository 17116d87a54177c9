"""Data coverage (units whose records PCMD does not hold) and how targets read over a range of years, checked
against counts made independently from the rows."""

from collections import defaultdict
from datetime import date

import pytest

from pcmd.geography.coverage import coverage_map, coverage_set
from pcmd.geography.selectors import lineage_map, units_valid_on
from pcmd.indicators.services import matrix, parse_request
from pcmd.outreach.models import CommunicationActivity

pytestmark = pytest.mark.django_db
END25 = date(2025, 12, 31)


def _cell(result, indicator, unit="96"):
    [c] = [c for c in result["cells"] if c["indicator"] == indicator and c["unit_code"] == unit]
    return c


def _t01_by_hand(year: int, covered: dict[int, date]) -> tuple[int, int]:
    """Communes of the province at the year end with an activity in every quarter their records are held."""
    end = date(year, 12, 31)
    communes = {u.pk for u in units_valid_on(on=end, level="commune", province="96")}
    mapping = lineage_map(on=end)
    quarters = defaultdict(set)
    for unit_id, held_on in CommunicationActivity.objects.filter(held_on__year=year).values_list(
        "unit_id", "held_on"
    ):
        quarters[mapping.get(unit_id, unit_id)].add((held_on.month - 1) // 3 + 1)
    counted = [c for c in communes if covered.get(c, date.min) <= end]
    regular = 0
    for c in counted:
        start = max(covered.get(c, date(year, 1, 1)), date(year, 1, 1))
        need = set(range((start.month - 1) // 3 + 1, 5))
        regular += need <= quarters[c]
    return regular, len(counted)


def test_t01_2025_judges_each_commune_on_the_quarters_it_was_held():
    covered = coverage_map()
    assert len(covered) == 25
    c = _cell(matrix(parse_request(period="2025", indicator="T01")), "T01")
    assert (c["numerator"], c["denominator"]) == _t01_by_hand(2025, covered)
    assert c["coverage"]["note"] == "25 xã, phường chỉ tính số liệu từ 01/07/2025"


def test_a_commune_joining_in_october_counts_on_q4_only_and_nowhere_before():
    covered = coverage_map()
    unit = units_valid_on(on=END25, level="commune", province="96").exclude(pk__in=covered).first()
    coverage_set(actor=None, code=unit.code, on=END25, covered_from=date(2025, 10, 1))
    CommunicationActivity.objects.filter(unit=unit, held_on__year=2025).delete()
    result = matrix(parse_request(period="2025", indicator="T01"))
    mine = _cell(result, "T01", unit.code)
    assert mine["numerator"] == 0 and mine["coverage"]["partial"] == 1
    covered = coverage_map()
    assert (_cell(result, "T01")["numerator"], _cell(result, "T01")["denominator"]) == _t01_by_hand(
        2025, covered
    )
    # In 2024, re-mapped onto today's units, the unit held from October 2025 is left out of both counts.
    now = matrix(parse_request(period="2024", indicator="T10", as_of="2025-12-31"))
    assert _cell(now, "T10", unit.code)["status"] == "not_covered"
    assert _cell(now, "T10")["coverage"]["excluded"] == 26


def test_t01_remapped_2021_leaves_out_the_25_communes_not_held():
    was = _cell(matrix(parse_request(period="2021", indicator="T01")), "T01")
    now = _cell(matrix(parse_request(period="2021", indicator="T01", as_of="2025-12-31")), "T01")
    assert now["denominator"] == 64 - 25
    assert now["coverage"]["note"] == "không tính 25 xã, phường chưa có số liệu trước 01/07/2025"
    assert was["coverage"] is None


def test_each_year_targets_over_the_plan_give_one_result_per_year():
    years = {y: matrix(parse_request(period=str(y)))["cells"] for y in range(2021, 2026)}
    whole = matrix(parse_request(period="2021..2025"))
    for code in ("T01", "T03", "T10"):
        c = _cell(whole, code)
        own = [next(x for x in years[y] if x["indicator"] == code and x["unit_code"] == "96") for y in years]
        assert [y["period"] for y in c["years"]] == [str(y) for y in years]
        assert [(y["numerator"], y["status"]) for y in c["years"]] == [
            (o["numerator"], o["status"]) for o in own
        ]
        num, den = sum(o["numerator"] for o in own), sum(o["denominator"] for o in own)
        assert c["numerator"] == num and c["denominator"] == den
        assert c["value"] == round(num * 100 / den, 2) <= 100
        assert c["years_met"] == sum(o["status"] == "achieved" for o in own) and c["years_judged"] == 5
        assert c["status"] == own[-1]["status"] and c["reading"] == "each_year"
        assert c["note"].startswith(f"Đạt {c['years_met']}/5 năm")
    t11 = _cell(whole, "T11")
    assert t11["reading"] == "cumulative" and t11["years"] == [] and t11["status"] != "no_target"
    assert not [c for c in whole["cells"] if c["unit_code"] == "96" and c["status"] == "no_target"]


def test_the_api_carries_the_coverage_note_like_the_command(client):
    from datetime import date as d

    from pcmd.accounts.models import Role
    from tests.factories import member

    client.force_login(member(Role.LEADER, "96", on=d(2025, 7, 1)))
    api = client.get("/api/v1/indicators", {"period": "2025", "indicator": "T01"}).json()
    assert _cell(api, "T01")["coverage"] == {"excluded": 0, "partial": 25, "from": "2025-07-01",
                                             "note": "25 xã, phường chỉ tính số liệu từ 01/07/2025"}  # fmt: skip
    api = client.get("/api/v1/indicators", {"period": "2021..2025", "indicator": "T03"}).json()
    t03 = _cell(api, "T03")
    assert len(t03["years"]) == 5 and t03["value"] <= 100 and t03["status"] != "no_target"
