"""The matrix on demo data against counts made by hand from the same rows."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pcmd.accounts.models import Role
from pcmd.establishments.models import Establishment, Inspection
from pcmd.geography.selectors import units_valid_on
from pcmd.indicators.services import matrix, parse_request
from tests.factories import member

pytestmark = pytest.mark.django_db


def _json(*args):
    out = StringIO()
    call_command("indicators", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def _cell(result, indicator, unit="96"):
    [c] = [c for c in result["cells"] if c["indicator"] == indicator and c["unit_code"] == unit]
    return c


def _active(d):
    return {
        e.pk
        for e in Establishment.objects.all()
        if e.opened_on <= d and (e.closed_on is None or e.closed_on > d)
    }


def test_t10_2023_json_equals_hand_count():
    result = _json("--period", "2023")
    active = _active(date(2023, 1, 1))
    inspected = set(
        Inspection.objects.filter(inspected_on__year=2023).values_list("establishment_id", flat=True)
    )
    c = _cell(result, "T10")
    assert (c["numerator"], c["denominator"]) == (len(active & inspected), len(active))
    assert c["value"] == round(len(active & inspected) * 100 / len(active), 2)
    assert c["status"] == "achieved"
    districts = [x for x in result["cells"] if x["indicator"] == "T10" and x["unit_level"] == "district"]
    assert len(districts) == 9 and sum(x["numerator"] for x in districts) == c["numerator"]


def _t01_hand_count(period):
    """Communes (of the period end, along the lineage) with an activity in every quarter, counted in Python."""
    from collections import defaultdict

    from pcmd.geography.selectors import lineage_map
    from pcmd.outreach.models import CommunicationActivity

    mapping = lineage_map(on=period.end)
    quarters = defaultdict(set)
    for unit_id, held in CommunicationActivity.objects.values_list("unit_id", "held_on"):
        if period.start <= held <= period.end:
            quarters[mapping[unit_id]].add((held.year, (held.month - 1) // 3))
    need = len(period.quarters())
    return {u for u, qs in quarters.items() if len(qs) >= need}


def test_t01_2023_json_equals_hand_count_over_the_101_communes():
    from pcmd.core.period import Period

    result = _json("--period", "2023", "--indicator", "T01")
    communes = [c for c in result["cells"] if c["unit_level"] == "commune"]
    assert (
        len(communes) == units_valid_on(on=date(2023, 12, 31), level="commune", province="96").count() == 101
    )
    regular = _t01_hand_count(Period.parse("2023"))
    c = _cell(result, "T01")
    assert (c["numerator"], c["denominator"]) == (len(regular), 101)
    assert 50 < c["value"] < 100  # some communes miss quarters in the demo


def test_t01_2025_h2_divides_by_64_and_2024_by_the_communes_of_2024():
    from pcmd.core.period import Period

    h2 = _cell(_json("--period", "2025H2", "--indicator", "T01"), "T01")
    assert h2["denominator"] == 64 and h2["numerator"] == len(_t01_hand_count(Period.parse("2025H2")))
    y24 = _cell(_json("--period", "2024", "--indicator", "T01"), "T01")
    assert y24["denominator"] == 100 and y24["numerator"] == len(_t01_hand_count(Period.parse("2024")))


def test_t02_2023_months_with_a_press_item():
    from pcmd.outreach.models import PressItem

    months = {
        d.month
        for d in PressItem.objects.filter(published_on__year=2023).values_list("published_on", flat=True)
    }
    c = _cell(_json("--period", "2023", "--indicator", "T02"), "T02")
    assert (c["numerator"], c["denominator"]) == (len(months), 12)


def test_2025_h2_uses_the_64_new_communes():
    result = _json("--period", "2025H2", "--indicator", "T10")
    assert len([c for c in result["cells"] if c["unit_level"] == "commune"]) == 64
    assert not [c for c in result["cells"] if c["unit_level"] == "district"]


def test_2023_remapped_as_is_keeps_the_province_total():
    was = _cell(_json("--period", "2023", "--indicator", "T10"), "T10")
    now = _json("--period", "2023", "--indicator", "T10", "--as-of", "2025-07-01")
    assert now["view"] == "as_is"
    assert (_cell(now, "T10")["numerator"], _cell(now, "T10")["denominator"]) == (
        was["numerator"],
        was["denominator"],
    )
    communes = [c for c in now["cells"] if c["unit_level"] == "commune"]
    assert len(communes) == 64
    assert sum(c["denominator"] for c in communes) == was["denominator"]


def test_bad_parameters_are_messages_not_tracebacks():
    for args, fragment in [(["--period", "2023Q5"], "không hợp lệ"), (["--period", "2019"], "nằm ngoài"),
                           (["--period", "2023", "--unit", "99999"], "«unit»"),
                           (["--period", "2023", "--indicator", "T99"], "T99"),
                           (["--period", "2023", "--as-of", "2025-02-30"], "không hợp lệ"),
                           (["--period", "2023", "--unit", "32048", "--as-of", "1999-01-01"], "chưa có hiệu lực vào ngày 01/01/1999")]:  # fmt: skip
        with pytest.raises(CommandError, match=fragment):
            call_command("indicators", *args, stdout=StringIO())


def test_cache_is_invalidated_by_a_new_inspection(django_assert_max_num_queries):
    req = parse_request(period="2023", indicator="T10")
    first = matrix(req)
    with django_assert_max_num_queries(1):  # the data version only
        assert matrix(req) == first
    e = Establishment.objects.filter(opened_on__lte=date(2023, 1, 1), closed_on__isnull=True).exclude(
        inspections__inspected_on__year=2023).first()  # fmt: skip
    Inspection.objects.create(establishment=e, unit=e.homes.order_by("valid_from").first().unit,
                              team_id=Inspection.objects.first().team_id, inspected_at="2023-06-01T09:00:00+07:00",
                              inspected_on=date(2023, 6, 1), record_number="BB-CACHE-1")  # fmt: skip
    after = matrix(req)
    assert _cell(after, "T10")["numerator"] == _cell(first, "T10")["numerator"] + 1


def test_api_returns_the_same_json_as_the_command(client):
    client.force_login(member(Role.LEADER, "96", on=date(2025, 7, 1)))
    api = client.get("/api/v1/indicators", {"period": "2023", "indicator": "T10,T11"}).json()
    assert api == _json("--period", "2023", "--indicator", "T10,T11")
    r = client.get("/api/v1/indicators", {"period": "20x3"})
    assert r.status_code == 422 and "20x3" in r.json()["detail"]
    client.logout()
    assert client.get("/api/v1/indicators", {"period": "2023"}).status_code == 401


def test_matrix_queries_stay_flat(django_assert_max_num_queries):
    """All indicators, every unit, one period: one aggregate query per measure, plus a handful."""
    # version 1, plan 4, units 2, twelve measures 12 (establishments 6, tips 4, support 2), T01 rule + lineage 3,
    # T02 province 1, graph 2, support's province id 1
    with django_assert_max_num_queries(26):
        matrix(parse_request(period="2024"))
