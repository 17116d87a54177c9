"""The engine alone: no database (CONVENTIONS §9)."""

from datetime import date
from decimal import Decimal

from pcmd.core.period import Period
from pcmd.indicators import engine
from pcmd.indicators.data import IndicatorSpec, LevelSpec, Status, TargetSpec, UnitNode

TREE = {
    1: UnitNode(1, "96", "Tỉnh", "province", None),
    2: UnitNode(2, "964", "TP", "district", 1),
    3: UnitNode(3, "970", "Đầm Dơi", "district", 1),
    10: UnitNode(10, "31999", "P9", "commune", 2),
    11: UnitNode(11, "32002", "P2", "commune", 2),
    12: UnitNode(12, "32152", "Xã A", "commune", 3),
}
IDENTITY = {k: k for k in TREE} | {99: 11}  # 99: a retired commune merged into 11
YEAR_TARGET = TargetSpec(">=", Decimal(20), "each_year", None, None, "aggregate")


def spec(targets=(YEAR_TARGET,), level="commune", sensitive=False, period_type="year"):
    return IndicatorSpec("T10", "n", "s", "a.b", "a.c", Decimal(100), "%", period_type,
                         (LevelSpec(level, None, None),), targets, sensitive)  # fmt: skip


def cells_by_code(cells):
    return {c.unit_code: c for c in cells}


def test_roll_up_maps_retired_units_and_sums_up_the_tree():
    totals = engine.roll_up({10: 2, 11: 3, 99: 5, 12: 1}, IDENTITY, TREE)
    assert totals == {10: 2, 11: 8, 2: 10, 12: 1, 3: 1, 1: 11}


def test_values_targets_and_statuses_for_a_past_year():
    cells = cells_by_code(engine.compute(
        spec=spec(), period=Period.parse("2023"), numerator={10: 1, 11: 3, 12: 0}, denominator={10: 10, 11: 10, 12: 4},
        mapping=IDENTITY, tree=TREE, today=date(2026, 1, 1)))  # fmt: skip
    assert cells["96"].value == round(4 / 24 * 100, 2) and cells["96"].status == Status.NOT_ACHIEVED
    assert cells["964"].value == 20.0 and cells["964"].status == Status.ACHIEVED
    assert cells["32002"].value == 30.0
    assert cells["31999"].status == Status.NOT_ACHIEVED


def test_running_year_is_projected():
    half = engine.compute(spec=spec(), period=Period.parse("2026"), numerator={10: 1}, denominator={10: 8},
                          mapping=IDENTITY, tree=TREE, today=date(2026, 7, 2))  # fmt: skip
    top = cells_by_code(half)["96"]
    assert top.status == Status.ON_TRACK and 24.5 < top.projected < 25.5  # 12.5% at mid-year -> about 25%
    slow = engine.compute(spec=spec(), period=Period.parse("2026"), numerator={10: 1}, denominator={10: 12},
                          mapping=IDENTITY, tree=TREE, today=date(2026, 7, 2))  # fmt: skip
    assert cells_by_code(slow)["96"].status == Status.AT_RISK  # 8.3% -> about 16.6%


def test_cumulative_target_judged_at_range_end_and_projected_before():
    t = TargetSpec(">=", Decimal(100), "cumulative", date(2021, 1, 1), date(2025, 12, 31), "aggregate")
    s = spec(targets=(t,), period_type="range")
    mid = engine.compute(spec=s, period=Period(date(2021, 1, 1), date(2023, 12, 31), Period.parse("2023").kind),
                         numerator={10: 6}, denominator={10: 10}, mapping=IDENTITY, tree=TREE, today=date(2026, 1, 1))  # fmt: skip
    assert cells_by_code(mid)["96"].status == Status.ON_TRACK  # 60% after 3 of 5 years -> 100% projected
    full = engine.compute(spec=s, period=Period.parse("2021..2025"), numerator={10: 9}, denominator={10: 10},
                          mapping=IDENTITY, tree=TREE, today=date(2026, 1, 1))  # fmt: skip
    assert cells_by_code(full)["96"].status == Status.NOT_ACHIEVED


def test_no_source_no_data_no_target():
    none = engine.compute(spec=spec(), period=Period.parse("2023"), numerator=None, denominator=None,
                          mapping=IDENTITY, tree=TREE, today=date(2026, 1, 1))  # fmt: skip
    assert {c.status for c in none} == {Status.NO_SOURCE}
    empty = engine.compute(spec=spec(), period=Period.parse("2023"), numerator={}, denominator={},
                           mapping=IDENTITY, tree=TREE, today=date(2026, 1, 1))  # fmt: skip
    assert {c.status for c in empty} == {Status.NO_DATA}
    half = engine.compute(spec=spec(), period=Period.parse("2023H1"), numerator={10: 1}, denominator={10: 2},
                          mapping=IDENTITY, tree=TREE, today=date(2026, 1, 1))  # fmt: skip
    assert cells_by_code(half)["96"].status == Status.NO_TARGET


def test_each_unit_scope_fails_the_parent_when_one_unit_fails():
    t = TargetSpec(">=", Decimal(20), "each_year", None, None, "each_unit")
    cells = cells_by_code(engine.compute(
        spec=spec(targets=(t,)), period=Period.parse("2023"), numerator={10: 9, 11: 9, 12: 0},
        denominator={10: 10, 11: 10, 12: 10}, mapping=IDENTITY, tree=TREE, today=date(2026, 1, 1)))  # fmt: skip
    assert cells["96"].value > 20 and cells["96"].status == Status.NOT_ACHIEVED


def test_small_cells_of_sensitive_indicators_are_suppressed():
    cells = cells_by_code(engine.compute(
        spec=spec(sensitive=True), period=Period.parse("2023"), numerator={10: 3, 12: 6}, denominator={10: 8, 12: 9},
        mapping=IDENTITY, tree=TREE, today=date(2026, 1, 1)))  # fmt: skip
    assert cells["31999"].suppressed and cells["31999"].numerator is None and cells["31999"].value is None
    assert not cells["32152"].suppressed and cells["32152"].numerator == 6


def test_level_limits_rows():
    cells = engine.compute(spec=spec(level="district"), period=Period.parse("2023"), numerator={10: 1},
                           denominator={10: 2}, mapping=IDENTITY, tree=TREE, today=date(2026, 1, 1))  # fmt: skip
    assert {c.unit_level for c in cells} == {"province", "district"}


def test_unit_counts_roll_up_once():
    counts = engine.count_units(TREE, "commune")
    cells = cells_by_code(engine.compute(spec=spec(), period=Period.parse("2023"), numerator={10: 1, 11: 1},
                                         denominator=counts, mapping=IDENTITY, tree=TREE, today=date(2026, 1, 1)))  # fmt: skip
    assert (cells["96"].denominator, cells["964"].denominator, cells["970"].denominator) == (3, 2, 1)


def test_units_counted_keeps_each_unit_of_the_level_once():
    # 99 merged into 11: both kept a plan, 11 counts once; the district's own record (2) is not a commune's.
    got = engine.units_counted({10: 1, 11: 1, 99: 1, 2: 1, 12: 0}, IDENTITY, TREE, "commune")
    assert got == {10: 1.0, 11: 1.0}
    assert engine.units_counted({10: 1, 11: 1, 2: 1}, IDENTITY, TREE, "district") == {2: 1.0}


def test_tiers_are_judged_apart_and_the_unit_takes_the_worst():
    province = TargetSpec(
        ">=", Decimal(70), "cumulative", date(2021, 1, 1), date(2025, 12, 31), "aggregate", "province"
    )
    local = TargetSpec(
        ">=", Decimal(50), "cumulative", date(2021, 1, 1), date(2025, 12, 31), "aggregate", "local"
    )
    s = spec(targets=(local, province), level="province", period_type="range")
    p = Period(date(2021, 1, 1), date(2025, 12, 31), Period.parse("2025").kind)
    # Province officials sit on the province node (1): 8 of 10 trained; local ones: 4 of 10.
    [top] = engine.compute(spec=s, period=p, numerator={1: 8, 10: 3, 12: 1}, denominator={1: 10, 10: 6, 12: 4},
                           mapping=IDENTITY, tree=TREE, today=date(2026, 1, 1))  # fmt: skip
    assert (top.numerator, top.denominator) == (12, 20)
    tiers = {t["tier"]: t for t in top.tiers}
    assert [t["tier"] for t in top.tiers] == ["province", "local"]
    assert (tiers["province"]["value"], tiers["province"]["status"]) == (80.0, Status.ACHIEVED)
    assert (tiers["local"]["value"], tiers["local"]["status"]) == (40.0, Status.NOT_ACHIEVED)
    assert top.status == Status.NOT_ACHIEVED and top.target == "Cấp tỉnh ≥ 70; Cấp huyện, xã ≥ 50"
    [ok] = engine.compute(spec=s, period=p, numerator={1: 8, 10: 6, 12: 1}, denominator={1: 10, 10: 6, 12: 4},
                          mapping=IDENTITY, tree=TREE, today=date(2026, 1, 1))  # fmt: skip
    assert ok.status == Status.ACHIEVED and ok.as_dict()["tiers"][1]["value"] == 70.0


FULL = TargetSpec(">=", Decimal(100), "each_year", None, None, "aggregate")


def test_a_target_out_of_reach_is_not_achieved_before_the_period_ends():
    # T08 in mid-year: 97 of 100 matters settled on time, target 100 %. Whatever comes next, three are late.
    s = spec(targets=(FULL,))
    kw = {
        "spec": s,
        "period": Period.parse("2026"),
        "mapping": IDENTITY,
        "tree": TREE,
        "today": date(2026, 6, 30),
    }
    before = cells_by_code(engine.compute(numerator={10: 97}, denominator={10: 100}, **kw))["96"]
    assert before.status == Status.ON_TRACK  # what the issue saw: 97 % projected over the year reads on track
    late = cells_by_code(engine.compute(numerator={10: 97}, denominator={10: 100}, reach="matters", **kw))[
        "96"
    ]
    assert late.status == Status.NOT_ACHIEVED
    on_time = cells_by_code(
        engine.compute(numerator={10: 100}, denominator={10: 100}, reach="matters", **kw)
    )["96"]
    assert on_time.status == Status.ON_TRACK and on_time.projected == 100  # a share does not grow with time


def test_months_gone_without_an_item_make_a_100_percent_year_impossible():
    s = spec(targets=(FULL,), level="province")
    kw = {"spec": s, "period": Period.parse("2026"), "mapping": IDENTITY, "tree": TREE, "denominator": {1: 12},
          "reach": "calendar"}  # fmt: skip

    def status(months_with_item, today):
        return cells_by_code(engine.compute(numerator={1: months_with_item}, today=today, **kw))["96"].status

    # Mid-May, three months with an item: even May and every month left with one give 3 + 8 = 11 of 12.
    assert status(3, date(2026, 5, 15)) == Status.NOT_ACHIEVED
    # Four months with an item, May still open: 4 + 8 = 12, still possible.
    assert status(4, date(2026, 5, 15)) in (Status.ON_TRACK, Status.AT_RISK)
    # On 30 April, three months with an item out of four gone: 3 + 8 = 11.
    assert status(3, date(2026, 4, 30)) == Status.NOT_ACHIEVED
