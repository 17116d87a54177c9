"""What the dashboard shows: the scorecard (T01–T14 × years), a drill-down per indicator, work lists."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from pcmd.accounts.scoping import scope_for
from pcmd.core.dataversion import stamp as data_stamp
from pcmd.core.errors import PcmdError
from pcmd.core.period import Period
from pcmd.establishments.selectors import EstablishmentFilter, establishment_filtered
from pcmd.geography.models import AdminUnit
from pcmd.geography.selectors import units_valid_on
from pcmd.indicators.data import Status
from pcmd.indicators.policies import hidden_indicators, may_read_sensitive
from pcmd.indicators.presentation import fmt_number, fmt_percent
from pcmd.indicators.services import MatrixRequest, for_years, matrix, parse_request
from pcmd.outreach.selectors import communes_without_activity
from pcmd.plans.policies import task_scope
from pcmd.plans.selectors import overdue_tasks, plan_current
from pcmd.tips.selectors import work_counts as tip_work_counts

YEARS = tuple(range(2021, 2027))


def home_unit(actor: Any) -> AdminUnit | None:
    """The unit a user's dashboard opens on: the province for provincial roles, else their own unit."""
    scope = scope_for(actor)
    if scope.everything:
        return AdminUnit.objects.filter(level="province", code="96").first()
    return AdminUnit.objects.filter(pk__in=scope.unit_ids).order_by("path").first()


def allowed_unit(actor: Any, code: str | None) -> AdminUnit | None:
    """The unit asked for, any unit of the province (figures are aggregates readable by every role: ADR 0003), or
    the user's home unit."""
    if code and scope_for(actor).roles:
        unit = AdminUnit.objects.filter(code=code, path__startswith="/96/").order_by("-valid_from").first()
        if unit is not None:
            return unit
    return home_unit(actor)


def own_unit_codes(actor: Any) -> set[str]:
    """Codes of the units the user belongs to, to mark them among others (no query: the scope is cached)."""
    scope = scope_for(actor)
    return {p.strip("/").split("/")[-1] for p in scope.paths}


def scorecard_for(*, actor: Any, unit: AdminUnit, as_of: date | None = None) -> list[ScoreRow]:
    """The scorecard as the user may read it: sensitive indicators only for the roles that answer for them."""
    rows = scorecard(unit=unit, as_of=as_of)
    if may_read_sensitive(actor):
        return rows
    return [r for r in rows if not r.sensitive]


@dataclass(frozen=True)
class ScoreCell:
    period: str  # the period code of the column the cell sits under
    text: str
    status: str
    status_label: str
    detail: str = ""
    note: str = ""  # why there is no value, or how the figure is read
    coverage: str = ""  # units left out or held only from a day (data coverage)
    halves: tuple[ScoreCell, ...] = ()  # 2025: the two structures' halves, shown under the year

    @property
    def year(self) -> int:
        return int(self.period[:4])


@dataclass(frozen=True)
class ScoreRow:
    code: str
    name: str
    target: str
    cells: list[ScoreCell]
    sensitive: bool = False


def _fmt(cell: dict[str, Any], unit_of_measure: str) -> str:
    if cell.get("suppressed"):
        return "<5"
    if cell["value"] is None:
        return "—"
    return fmt_percent(cell["value"]) if unit_of_measure == "%" else fmt_number(cell["value"])


def _tiers(cell: dict[str, Any]) -> str:
    """T14: each tier has its own target; shown under the whole."""
    return "; ".join(
        f"{t['label'].removeprefix('Cấp ')} {fmt_percent(t['value'])}" for t in cell.get("tiers") or []
    )


def scorecard(*, unit: AdminUnit, as_of: date | None = None) -> list[ScoreRow]:
    """The rows for one unit, cached on their own (small) until the records change."""
    key = (
        "score:"
        + hashlib.sha1(repr((data_stamp(), unit.pk, as_of, timezone.localdate())).encode()).hexdigest()
    )
    rows = cache.get(key)
    if rows is None:
        rows = _scorecard(unit=unit, as_of=as_of)
        cache.set(key, rows, 3600)
    return rows


NOT_FOUNDED = "Không áp dụng (đơn vị chưa thành lập)"
DISSOLVED = "Không áp dụng (đơn vị không còn từ {day})"


def _absent(life: tuple[date | None, date | None], period: dict[str, Any]) -> ScoreCell:
    """The cell of a period in which the unit had no cell: it did not exist yet, or no longer."""
    end = date.fromisoformat(period["end"])
    first, last = life
    if first is not None and first > end:
        return ScoreCell(period["code"], NOT_FOUNDED, "no_unit", NOT_FOUNDED)
    if last is not None and last < end:  # figures of a period are shown on the units of its last day
        text = DISSOLVED.format(day=f"{last + timedelta(days=1):%d/%m/%Y}")
        return ScoreCell(period["code"], text, "no_unit", text)
    label = Status.LABELS[Status.NO_DATA]
    return ScoreCell(period["code"], "—", Status.NO_DATA, label)


TWO_STRUCTURES = 2025  # districts until 30/06, communes from 01/07
HALF_LABELS = {"H1": "6 tháng đầu", "H2": "6 tháng cuối"}


def _changes_level(info: dict[str, Any], year: int) -> bool:
    """The indicator's level (plan file, dated) changes inside the year, or a transition rule applies to it."""
    inside = [lv for lv in info["levels"] if lv["valid_from"] and lv["valid_from"][:4] == str(year)]
    return bool(inside or (info["transition"] and info["transition"]["effective"][:4] == str(year)))


def _score_cell(c: dict[str, Any], unit_of_measure: str, halves: tuple[ScoreCell, ...] = ()) -> ScoreCell:
    return ScoreCell(c["period"], _fmt(c, unit_of_measure), c["status"], c["status_label"], _tiers(c),
                     c.get("note") or "", (c.get("coverage") or {}).get("note", ""), halves)  # fmt: skip


def _scorecard(*, unit: AdminUnit, as_of: date | None = None) -> list[ScoreRow]:
    """One row per indicator the unit has a figure for; in every row one cell per period column, found by the
    period's code (never by position), so a unit created in 2025 shows its 2025 figure under 2025. Indicators
    whose level changes in 2025 also show both halves under the year."""
    req = parse_request(period=str(YEARS[0]), as_of=as_of.isoformat() if as_of else None)
    result = matrix(for_years(req, YEARS))
    info = {i["code"]: i for i in result["indicators"]}
    mine: dict[str, dict[str, dict[str, Any]]] = {}
    for c in result["cells"]:
        if c["unit_code"] == unit.code:
            mine.setdefault(c["indicator"], {})[c["period"]] = c
    two = tuple(code for code in sorted(mine) if _changes_level(info[code], TWO_STRUCTURES))
    halves: dict[str, list[ScoreCell]] = {}
    if two and str(TWO_STRUCTURES) in {p["code"] for p in result["periods"]}:
        periods = (Period.half(TWO_STRUCTURES, 1), Period.half(TWO_STRUCTURES, 2))
        half_req = MatrixRequest(periods=periods, as_of=req.as_of, indicators=two, plan=req.plan)
        for c in matrix(half_req)["cells"]:
            if c["unit_code"] == unit.code:
                text = _score_cell(c, info[c["indicator"]]["unit"])
                label = HALF_LABELS[c["period"][-2:]]
                halves.setdefault(c["indicator"], []).append(replace(text, text=f"{label}: {text.text}"))
    life = (unit.valid_from, unit.valid_to)  # the latest row of the code: earlier rows have their own cells
    rows = []
    for code in sorted(mine):
        by_period = mine[code]
        target = next((c["target"] for c in by_period.values() if c["target"]), "")
        cells = [
            _score_cell(
                c, info[code]["unit"], tuple(halves.get(code, ())) if p["code"] == str(TWO_STRUCTURES) else ()
            )
            if (c := by_period.get(p["code"])) is not None
            else _absent(life, p)
            for p in result["periods"]
        ]
        rows.append(ScoreRow(code, info[code]["short_name"], target or "", cells, info[code]["sensitive"]))
    return rows


@dataclass(frozen=True)
class Bar:
    year: int
    value: float | None
    x: float
    y: float
    height: float
    label: str
    status: str


def drilldown(*, actor: Any, code: str, year: int, unit: AdminUnit, as_of: date | None) -> dict[str, Any]:
    req = parse_request(period=str(year), indicator=code, as_of=as_of.isoformat() if as_of else None)
    result = matrix(req)
    if hidden_indicators(actor, result):  # the same "not found" as an unknown indicator (ADR 0003)
        raise PcmdError(f"Không có chỉ tiêu {code} trong kế hoạch.", field="indicator")
    mine = own_unit_codes(actor)
    info = result["indicators"][0]
    cells = result["cells"]
    top = next((c for c in cells if c["unit_code"] == unit.code), None)
    # One level down: districts of the province (until 06/2025), communes of a district or of the new province.
    on = as_of or min(date(year, 12, 31), timezone.localdate())
    children = set(
        units_valid_on(on=on)
        .filter(parent__code=unit.code, parent__valid_from__lte=on)
        .values_list("code", flat=True)
    )
    below = [c for c in cells if c["unit_code"] in children and c["unit_code"] != unit.code]
    for c in cells:
        c["text"] = _fmt(c, info["unit"])
        c["num_text"] = "<5" if c.get("suppressed") else fmt_number(c["numerator"])
        c["den_text"] = "<5" if c.get("suppressed") else fmt_number(c["denominator"])
        c["mine"] = c["unit_code"] in mine
    return {"indicator": info, "top": top, "rows": below, "chart": chart(code=code, unit=unit, as_of=as_of),
            "view": result["view"], "data_version": result["data_version"]}  # fmt: skip


def chart(*, code: str, unit: AdminUnit, as_of: date | None) -> dict[str, Any]:
    """Bars by year (SVG coordinates computed here, so the page needs no script) with the target line."""
    req = parse_request(period=str(YEARS[0]), indicator=code, as_of=as_of.isoformat() if as_of else None)
    cells = matrix(for_years(req, YEARS))["cells"]
    by_year = {int(c["period"]): c for c in cells if c["unit_code"] == unit.code}
    values: list[tuple[int, dict[str, Any] | None]] = [(y, by_year.get(y)) for y in YEARS]
    target_value = next((float(c["target"].split()[-1]) for _, c in values if c and c["target"]), None)
    top = max([100.0, *(c["value"] or 0 for _, c in values if c), target_value or 0])
    width, height, pad = 60, 160, 24
    bars = []
    for i, (year, c) in enumerate(values):
        v = c["value"] if c else None
        h = 0.0 if v is None else round(height * v / top, 1)
        bars.append(Bar(year, v, pad + i * (width + 10), round(pad + height - h, 1), h,
                        "—" if v is None else fmt_number(v, 1), c["status"] if c else Status.NO_DATA))  # fmt: skip
    target_y = None if target_value is None else round(pad + height - height * target_value / top, 1)
    return {"bars": bars, "target_y": target_y, "target_label": fmt_number(target_value or 0), "target": target_value,
            "width": pad * 2 + len(YEARS) * (width + 10), "height": height + pad * 2 + 16, "base_y": pad + height,
            "bar_width": width, "year_y": height + pad * 2 + 8}  # fmt: skip


@dataclass(frozen=True)
class WorkItem:
    label: str
    count: int
    url: str


def work_lists(*, actor: Any, today: date | None = None) -> list[WorkItem]:
    """Counts for the user's scope, cached until the records change (the data version moves)."""
    today = today or timezone.localdate()
    scope = scope_for(actor)
    key = (
        "work:"
        + hashlib.sha1(repr((data_stamp(), scope.everything, scope.paths, today)).encode()).hexdigest()
    )
    cached = cache.get(key)
    if cached is None:
        cached = _work_lists(actor=actor, today=today)
        cache.set(key, cached, 3600)
    return cached


def _work_lists(*, actor: Any, today: date) -> list[WorkItem]:
    """Each count is the list it links to, built from that list's own filters (one definition of each)."""
    never = EstablishmentFilter(active_on=today, never_inspected=True)
    not_this_year = EstablishmentFilter(active_on=today, not_inspected_year=today.year)
    plan = plan_current()
    overdue = overdue_tasks(task_scope(actor).filter(plan=plan), today).count() if plan else 0
    tips = tip_work_counts(actor=actor, today=today)
    return [
        WorkItem("Cơ sở đang hoạt động chưa từng được kiểm tra",
                 establishment_filtered(actor=actor, filters=never).count(), f"/establishments/?{never.query()}"),
        WorkItem(f"Cơ sở đang hoạt động chưa được kiểm tra năm {today.year}",
                 establishment_filtered(actor=actor, filters=not_this_year).count(),
                 f"/establishments/?{not_this_year.query()}"),
        WorkItem("Nhiệm vụ quá hạn", overdue, "/plans/?overdue=on"),
        WorkItem("Tin báo, tố cáo, khiếu nại quá hạn giải quyết", tips["overdue"], "/tips/?work=overdue"),
        WorkItem("Tin báo, tố cáo, khiếu nại đến hạn trong 7 ngày", tips["due_soon"], "/tips/?work=due_soon"),
        WorkItem(
            "Xã, phường chưa có hoạt động tuyên truyền trong quý này",
            communes_without_activity(actor=actor, today=today).count(),
            "/outreach/#missing",
        ),
    ]  # fmt: skip
