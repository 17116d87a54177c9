"""The whole country's dated units: counts on the dates the issue names, the committed file against the installed
vietnam-provinces (public API), loading by province, refusals and idempotence."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from vietnam_provinces import Province, Ward
from vietnam_provinces import legacy as pre2025

from pcmd.geography.loader import load_units, read_payload
from pcmd.geography.models import AdminUnit, UnitLineage
from pcmd.geography.selectors import lineage_map, units_valid_on

PRE_REFORM = "2025-06-30"


def counts(on: date, province: str | None = None) -> dict[str, int]:
    return {
        lvl: units_valid_on(on=on, level=lvl, province=province).count()
        for lvl in ("province", "district", "commune")
    }


def library_2025() -> dict[str, str]:
    return {f"{w.code.value:05d}": w.name for w in Ward.iter_all()}


class TestDataFile:
    """No database: the committed file against the library it was extracted from."""

    payload = read_payload()

    def valid(self, on: str, level: str) -> dict[str, dict]:
        return {
            u["code"]: u
            for u in self.payload["units"]
            if u["level"] == level
            and u["valid_from"] <= on
            and (u["valid_to"] is None or on <= u["valid_to"])
        }

    def test_the_2025_structure_is_the_librarys(self):
        assert {c: u["name"] for c, u in self.valid("2025-07-01", "commune").items()} == library_2025()
        assert set(self.valid("2025-07-01", "province")) == {
            f"{p.code.value:02d}" for p in Province.iter_all()
        }
        assert self.valid("2025-07-01", "district") == {}

    def test_the_structure_before_the_reform_is_the_librarys_pre_2025_list(self):
        communes, districts = self.valid(PRE_REFORM, "commune"), self.valid(PRE_REFORM, "district")
        assert {c: (u["name"], u["parent"]) for c, u in communes.items()} == {
            f"{w.code.value:05d}": (w.name, f"{w.district_code.value:03d}") for w in pre2025.Ward.iter_all()
        }
        assert {c: (u["name"], u["parent"]) for c, u in districts.items()} == {
            f"{d.code.value:03d}": (d.name, f"{d.province_code.value:02d}")
            for d in pre2025.District.iter_all()
        }
        assert {c: u["name"] for c, u in self.valid(PRE_REFORM, "province").items()} == {
            f"{p.code.value:02d}": p.name for p in pre2025.Province.iter_all()
        }

    def test_2025_lineage_is_the_official_table(self):
        before = self.valid(PRE_REFORM, "commune")
        ours: dict[str, set[str]] = {}
        for x in self.payload["lineage"]:
            if x["confidence"] == "official" and x["effective"] == "2025-07-01" and x["old"] in before:
                ours.setdefault(x["old"], set()).add(x["new"])
        assert len(ours) > 10_000
        for old, news in ours.items():
            assert news == {f"{r.ward.code.value:05d}" for r in Ward.search_from_legacy(code=int(old))}, old

    def test_uncertain_dates_are_flagged_and_known_ones_are_not(self):
        links = self.payload["lineage"]
        assert {x["effective_is"] for x in links} == {"exact", "upper_bound"}
        for x in links:
            if x["effective_is"] == "upper_bound":
                assert x["effective"] in ("2023-05-07", "2025-01-04") and "chưa rõ" in x["source"]
        ca_mau_2024 = [x for x in links if x["new"] == "32002" and x["new_from"] == "2024-12-01"]
        assert {(x["old"], x["effective"], x["effective_is"]) for x in ca_mau_2024} == {
            ("32002", "2024-12-01", "exact"),
            ("32011", "2024-12-01", "exact"),
        }


@pytest.mark.django_db
def test_the_whole_country_on_the_issues_dates_and_loading_again_changes_nothing():
    load_units(province=None)
    assert counts(date(2021, 12, 31))["province"] == 63
    assert counts(date(2025, 7, 1)) == {"province": 34, "district": 0, "commune": 3321}
    assert counts(date.fromisoformat(PRE_REFORM)) == {
        "province": len(list(pre2025.Province.iter_all())),
        "district": len(list(pre2025.District.iter_all())),
        "commune": len(list(pre2025.Ward.iter_all())),
    }
    # Cà Mau as before the national data
    assert [units_valid_on(on=date.fromisoformat(d), level="commune", province="96").count()
            for d in ("2021-12-31", "2025-01-01", "2025-07-01")] == [101, 100, 64]  # fmt: skip
    # Every 2021 commune reaches a 2025 commune along the lineage, except those the file flags.
    flagged = {u["code"] for u in read_payload()["units"] if u.get("flag") == "successor_unknown"}
    mapping = lineage_map(on=date(2025, 7, 1))
    lost = {u.code for u in units_valid_on(on=date(2021, 12, 31), level="commune") if u.pk not in mapping}
    assert lost <= flagged and len(lost) < 25

    before = (AdminUnit.objects.count(), UnitLineage.objects.count())
    again = load_units(province=None)
    assert (again.created, again.updated) == (0, 0)
    assert (AdminUnit.objects.count(), UnitLineage.objects.count()) == before


@pytest.mark.django_db
def test_load_two_provinces_by_command_with_the_provinces_merged_into_them():
    call_command("load_units", province="01,79", stdout=open("/dev/null", "w"))  # noqa: SIM115
    on = date(2025, 7, 1)
    for code in (1, 79):
        assert units_valid_on(on=on, level="commune", province=f"{code:02d}").count() == len(
            list(Ward.iter_by_province(code))
        )
    # Bình Dương and Bà Rịa – Vũng Tàu were merged into Hồ Chí Minh City: their history comes along.
    for old in (74, 77):
        assert counts(date.fromisoformat(PRE_REFORM), f"{old}")["district"] == sum(
            1 for d in pre2025.District.iter_all() if d.province_code.value == old
        )
    assert not AdminUnit.objects.filter(path__startswith="/02/").exists()
    assert counts(date(2021, 12, 31), "96")["commune"] == 101  # the demo's province untouched


@pytest.mark.django_db
def test_an_unknown_province_is_refused_in_vietnamese_and_nothing_is_written():
    before = (AdminUnit.objects.count(), UnitLineage.objects.count())
    with pytest.raises(CommandError, match="không có tỉnh, thành phố mã «99, x»"):
        call_command("load_units", province="01,99,x")
    assert (AdminUnit.objects.count(), UnitLineage.objects.count()) == before
