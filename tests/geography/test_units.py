from datetime import date

import pytest
from vietnam_provinces import ProvinceCode, Ward

from pcmd.geography.errors import UnitError
from pcmd.geography.loader import load_units, read_payload
from pcmd.geography.models import AdminUnit, UnitLineage
from pcmd.geography.selectors import ancestor_map, successors, unit_at, units_valid_on

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("day", "count"), [("2023-06-30", 101), ("2024-11-30", 101), ("2025-01-01", 100),
                                           ("2025-06-30", 100), ("2025-07-01", 64), ("2026-11-29", 64)])  # fmt: skip
def test_communes_of_ca_mau_on_a_date(day, count):
    assert units_valid_on(on=date.fromisoformat(day), level="commune", province="96").count() == count


def test_districts_exist_until_the_reform_only():
    assert units_valid_on(on=date(2025, 6, 30), level="district", province="96").count() == 9
    assert units_valid_on(on=date(2025, 7, 1), level="district").count() == 0
    assert units_valid_on(on=date(2024, 1, 1), level="commune", province="95").count() == 64  # old Bạc Liêu


def test_successor_of_phuong_2_through_both_changes():
    old = unit_at(code="32011", on=date(2023, 1, 1))
    [(after_2024, partial)] = successors(unit=old, on=date(2025, 1, 1))
    assert (after_2024.code, after_2024.name, partial) == ("32002", "Phường 2", False)
    [(after_2025, _)] = successors(unit=old, on=date(2025, 7, 1))
    assert (after_2025.code, after_2025.name) == ("32002", "Phường An Xuyên")


def test_khanh_thuan_is_split():
    old = unit_at(code="32048", on=date(2023, 1, 1))
    assert old.name == "Xã Khánh Thuận"
    result = successors(unit=old, on=date(2025, 7, 1))
    assert sorted(u.name for u, _ in result) == ["Xã Nguyễn Phích", "Xã U Minh"]
    assert all(partial for _, partial in result)


def test_a_unit_valid_on_the_date_is_its_own_successor_and_before_it_existed_none():
    unit = unit_at(code="32002", on=date(2025, 8, 1))
    assert successors(unit=unit, on=date(2026, 1, 1)) == [(unit, False)]
    assert successors(unit=unit, on=date(2024, 1, 1)) == []


def test_ancestor_map_follows_the_structure_of_the_date():
    before = ancestor_map(on=date(2023, 6, 30))
    assert before["31999"] == {"province": "96", "district": "964", "commune": "31999"}
    after = ancestor_map(on=date(2025, 7, 1))
    assert after["32002"] == {"province": "96", "commune": "32002"}
    assert "31999" not in after


def test_unit_at_explains_what_is_wrong():
    with pytest.raises(UnitError, match="không có đơn vị hành chính mã «99999»"):
        unit_at(code="99999", on=date(2023, 1, 1))
    with pytest.raises(UnitError, match="không còn hoặc chưa có hiệu lực vào ngày 01/07/2025"):
        unit_at(code="970", on=date(2025, 7, 1))


def test_loading_twice_changes_nothing():
    before = (AdminUnit.objects.count(), UnitLineage.objects.count())
    result = load_units()
    assert (result.created, result.updated) == (0, 0)
    assert (AdminUnit.objects.count(), UnitLineage.objects.count()) == before


def test_data_file_agrees_with_the_installed_vietnam_provinces():
    """The committed 2025 list and lineage match the library they were extracted from."""
    payload = read_payload()
    ours = {
        u["code"]: u["name"]
        for u in payload["units"]
        if u["valid_from"] == "2025-07-01" and u["parent"] == "96"
    }
    theirs = {str(w.code.value): w.name for w in Ward.iter_by_province(ProvinceCode(96))}
    assert ours == theirs
    for old in ("32048", "31999", "31813"):
        links = {x["new"] for x in payload["lineage"] if x["old"] == old and x["effective"] == "2025-07-01"}
        assert links == {str(r.ward.code.value) for r in Ward.search_from_legacy(code=int(old))}


class TestUnitsApi:
    def test_counts_by_date_without_login(self, client):
        for day, count in [("2023-06-30", 101), ("2025-01-01", 100), ("2025-07-01", 64)]:
            body = client.get("/api/v1/units", {"province": "96", "level": "commune", "date": day}).json()
            assert body["count"] == count == len(body["units"])

    def test_successors_endpoint(self, client):
        body = client.get("/api/v1/units/32048/successors", {"date": "2025-07-01"}).json()
        assert sorted(x["unit"]["name"] for x in body) == ["Xã Nguyễn Phích", "Xã U Minh"]

    def test_bad_parameters_get_vietnamese_messages(self, client):
        r = client.get("/api/v1/units", {"date": "2025-13-40"})
        assert r.status_code == 400 and "«date»" in r.json()["detail"]
        r = client.get("/api/v1/units", {"date": "2025-01-01", "level": "village"})
        assert r.status_code == 400 and "«level»" in r.json()["detail"]
        assert client.get("/api/v1/units").status_code == 400

    def test_one_query_per_list(self, client, django_assert_num_queries):
        with django_assert_num_queries(1):
            client.get("/api/v1/units", {"province": "96", "level": "commune", "date": "2023-06-30"})
