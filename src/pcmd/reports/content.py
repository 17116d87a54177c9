"""What a report says, built once from the engine's figures (the matrix) and a few registry sums; the docx, pdf
and xlsx builders only lay it out. Each section carries its own table. Numbers in Vietnamese format (1.540; 20,3%),
dates and the header block as NĐ 30/2020/NĐ-CP says."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from pcmd.core.period import Period, PeriodError
from pcmd.establishments import measures
from pcmd.establishments.models import BusinessType, Establishment
from pcmd.indicators.presentation import fmt_number, fmt_percent
from pcmd.indicators.services import matrix, parse_request

TITLES = {
    "half": "Kết quả thực hiện Kế hoạch số {number} 6 tháng đầu năm {year}",
    "yearly": "Kết quả thực hiện Kế hoạch số {number} năm {year}",
    "final": "Tổng kết thực hiện Kế hoạch số {number} giai đoạn {year} - {end_year}",
}
LEVELS = {"province": "Tỉnh", "district": "Huyện", "commune": "Xã, phường"}
NOT_JUDGED = ("no_source", "no_data", "no_target", "suppressed", "not_covered")


class ReportError(ValueError):
    pass


@dataclass
class Table:
    head: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: Table | None = None
    notes: list[str] = field(default_factory=list)  # after the table


@dataclass
class ReportContent:
    kind: str
    period: Period
    issuer: list[str]  # the issuing body, bold capitals, one line each
    number: str
    place_date: str
    title: str
    sections: list[Section]
    signer_title: list[str]
    recipients: list[str]
    annex: dict[str, list[list[Any]]]
    data_version: int

    @property
    def tables(self) -> list[Table]:
        return [s.table for s in self.sections if s.table is not None]


def resolve(kind: str, text: str = "", plan: str = "") -> tuple[Any, Period]:
    """The plan and period a report is about; ReportError (Vietnamese) for a bad period or plan. A final review
    covers its plan's whole period (the plan named, or the one in force at the start of `text`, or today)."""
    from pcmd.core.errors import PcmdError
    from pcmd.plans.selectors import plan_for

    p: Period | None = None
    if text:
        try:
            p = Period.parse(text)
        except PeriodError as exc:
            raise ReportError(str(exc)) from exc
    if kind == "half" and (p is None or p.kind.value != "half"):
        raise ReportError(f"Kỳ «{text}»: báo cáo 6 tháng cần kỳ dạng 2024H1 hoặc 2024H2.")
    if kind == "yearly" and (p is None or p.kind.value != "year"):
        raise ReportError(f"Kỳ «{text}»: báo cáo năm cần kỳ là một năm, ví dụ 2024.")
    try:
        chosen = plan_for(code=plan or None, on=p.start if p else None)
    except PcmdError as exc:
        raise ReportError(exc.message) from exc
    whole = Period.parse(f"{chosen.period_start.year}..{chosen.period_end.year}")
    if kind == "final":
        if p is not None and (p.start, p.end) != (whole.start, whole.end):
            raise ReportError(
                f"Kỳ «{text}»: báo cáo tổng kết Kế hoạch {chosen.number} là cả giai đoạn {whole.code}."
            )
        return chosen, whole
    assert p is not None
    if p.start < whole.start:
        raise ReportError(f"Kỳ «{text}» trước khi Kế hoạch {chosen.number} có hiệu lực ({whole.start.year}).")
    return chosen, p


def vn_date(d: date) -> str:
    """NĐ 30/2020, Phụ lục I: a day below 10 and the months 1 and 2 take a leading zero, nothing else does."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def issuer_lines(name: str) -> list[str]:
    """«Ủy ban nhân dân tỉnh Cà Mau» → ["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU"]: the body in capitals on two lines."""
    upper = name.upper()
    for cut in (" TỈNH ", " THÀNH PHỐ "):
        if cut in upper:
            i = upper.index(cut)
            return [upper[:i], upper[i + 1 :]]
    return [upper]


def recipients_on(day: date) -> list[str]:
    from pcmd.reports.models import Recipient

    rows = Recipient.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    names = [r.name for r in rows]
    return [f"{n};" for n in names[:-1]] + [f"{names[-1]}."] if names else []


def build(*, kind: str, period_text: str, plan: str = "", today: date | None = None) -> ReportContent:
    from pcmd.plans.selectors import lead_agency_on

    today = today or timezone.localdate()
    chosen, period = resolve(kind, period_text, plan)
    result = matrix(parse_request(period=period.code, plan=chosen.code))
    cells = {c["indicator"]: c for c in result["cells"] if c["unit_level"] == "province"}
    info = {i["code"]: i for i in result["indicators"]}
    lead = lead_agency_on(plan=chosen, on=today)
    targets = _final_targets(cells, info, period) if kind == "final" else [_targets_section(cells, info)]
    sections = [_situation(period), _inspection(period, cells.get("T10"), kind), *targets, _not_yet(info),
                Section("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ VÀ KIẾN NGHỊ",
                        [f"({lead.name if lead else 'Cơ quan thường trực'} – cơ quan thường trực – bổ sung phương "
                         "hướng, nhiệm vụ kỳ tới và kiến nghị, đề xuất.)"])]  # fmt: skip
    return ReportContent(
        kind=kind, period=period, issuer=issuer_lines(chosen.issuer), number="Số:        /BC-UBND",
        place_date=f"{chosen.province.name.removeprefix('Tỉnh ')}, {vn_date(today)}",
        title=TITLES[kind].format(number=chosen.number, year=period.start.year, end_year=period.end.year),
        sections=sections,
        signer_title=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        recipients=recipients_on(today),
        annex=_annex(result),
        data_version=result["data_version"],
    )  # fmt: skip


def _value(c: dict[str, Any], unit: str) -> str:
    if c.get("suppressed"):
        return "<5"
    return fmt_percent(c["value"]) if unit == "%" else fmt_number(c["value"])


def _ratio(c: dict[str, Any]) -> str:
    if c.get("suppressed"):
        return "<5"
    return f"{fmt_number(c['numerator'])}/{fmt_number(c['denominator'])}" if c["denominator"] else "—"


def _coverage_notes(cells: dict[str, dict[str, Any]]) -> list[str]:
    """The engine's coverage notes under the table, one line per distinct note with the targets it concerns."""
    by_note: dict[str, list[str]] = {}
    for code, c in cells.items():
        cov = c.get("coverage") or next(
            (y["coverage"] for y in c.get("years") or [] if y.get("coverage")), None
        )
        if cov and cov.get("note"):
            by_note.setdefault(cov["note"].rstrip("."), []).append(code)
    return [f"Ghi chú ({', '.join(codes)}): {note}." for note, codes in by_note.items()]


def _targets_section(cells: dict[str, dict[str, Any]], info: dict[str, Any]) -> Section:
    rows = []
    for code, c in cells.items():
        i = info[code]
        rows.append(
            [code, i["short_name"], c["target"] or "—", _value(c, i["unit"]), _ratio(c), c["status_label"]]
        )
        for t in c.get("tiers") or []:  # T14: one line per tier, each with its own target
            rows.append(["", f"– {t['label']}", t["target"] or "—", fmt_percent(t["value"]), _ratio(t),
                         t["status_label"]])  # fmt: skip
    judged = [c for c in cells.values() if c["status"] not in NOT_JUDGED]
    ok = sum(c["status"] in ("achieved", "on_track") for c in judged)
    with_data = [c for c in cells.values() if c["status"] not in ("no_source", "no_data")]
    return Section(
        "2. Kết quả thực hiện các chỉ tiêu",
        [f"Trong {fmt_number(len(cells))} chỉ tiêu của Kế hoạch, {fmt_number(len(with_data))} chỉ tiêu đã có số liệu "
         f"tính từ hệ thống; {fmt_number(len(judged))} chỉ tiêu được đánh giá, trong đó {fmt_number(ok)} chỉ tiêu đạt "
         "hoặc đúng tiến độ. Chi tiết tại bảng dưới đây."],
        Table(["Mã", "Chỉ tiêu", "Mục tiêu", "Kết quả", "Tử số/Mẫu số", "Đánh giá"], rows),
        _coverage_notes(cells),
    )  # fmt: skip


def _final_targets(cells: dict[str, dict[str, Any]], info: dict[str, Any], period: Period) -> list[Section]:
    """The final review: each-year targets year by year ("đạt N/M năm", the last year's status); cumulative targets
    over the whole period. Values are the engine's; nothing is divided here."""
    each = {k: c for k, c in cells.items() if c.get("years")}
    whole = {k: c for k, c in cells.items() if not c.get("years")}
    years = [int(y["period"]) for c in each.values() for y in c["years"]]
    span = list(range(period.start.year, max(years, default=period.end.year) + 1))
    rows = []
    for code, c in each.items():
        by_year = {int(y["period"]): y for y in c["years"]}
        unit = info[code]["unit"]
        row = [code, info[code]["short_name"], c["target"] or "—"]
        row += [
            f"{_value(by_year[y], unit)}\n{by_year[y]['status_label']}" if y in by_year else "—" for y in span
        ]
        row += [f"{c['years_met']}/{c['years_judged']}" if c.get("years_judged") else "—", c["status_label"]]
        rows.append(row)
    all_years = sum(1 for c in each.values() if c.get("years_judged") and c["years_met"] == c["years_judged"])
    last_ok = sum(1 for c in each.values() if c["status"] == "achieved")
    first = Section(
        "2. Các chỉ tiêu đánh giá theo từng năm",
        [f"Trong {fmt_number(len(cells))} chỉ tiêu của Kế hoạch, {fmt_number(len(each))} chỉ tiêu đánh giá theo từng năm "
         f"và {fmt_number(len(whole))} chỉ tiêu lũy kế cả giai đoạn. Trong {fmt_number(len(each))} chỉ tiêu đánh giá "
         f"theo từng năm, {fmt_number(all_years)} chỉ tiêu đạt tất cả các năm; năm {span[-1]} có {fmt_number(last_ok)} "
         "chỉ tiêu đạt. Kết quả từng năm tại bảng dưới đây (mỗi năm tính trên số liệu của chính năm đó)."],
        Table(["Mã", "Chỉ tiêu", "Mục tiêu", *map(str, span), "Số năm đạt", f"Năm {span[-1]}"], rows),
        _coverage_notes(each),
    )  # fmt: skip
    sections = [first]
    if whole:
        table = _targets_section(whole, info)
        ok = sum(c["status"] == "achieved" for c in whole.values())
        sections.append(Section(
            "3. Các chỉ tiêu lũy kế cả giai đoạn",
            [f"{fmt_number(len(whole))} chỉ tiêu lũy kế, tính trên cả giai đoạn {period.start.year}–{period.end.year}: "
             f"{fmt_number(ok)} chỉ tiêu đạt."],
            table.table, table.notes,
        ))  # fmt: skip
    return sections


def _situation(p: Period) -> Section:
    active = Establishment.objects.active_on(p.end)
    totals = active.aggregate(n=Count("id"), w=Sum("total_workers"), f=Sum("female_workers"),
                              c=Count("id", filter=Q(commitment_signed_on__lte=p.end)))  # fmt: skip
    by_type = dict(
        active.values_list("business_type").annotate(n=Count("id")).values_list("business_type", "n")
    )
    types = ", ".join(
        f"{t.name.lower()} {fmt_number(by_type[t.pk])}"
        for t in BusinessType.objects.all()
        if by_type.get(t.pk)
    )
    return Section("I. TÌNH HÌNH CHUNG", [
        f"Đến {p.end:%d/%m/%Y}, toàn tỉnh có {fmt_number(totals['n'] or 0)} cơ sở kinh doanh dịch vụ dễ phát sinh tệ nạn "
        f"mại dâm đang hoạt động ({types}), với {fmt_number(totals['w'] or 0)} lao động, trong đó "
        f"{fmt_number(totals['f'] or 0)} lao động nữ; {fmt_number(totals['c'] or 0)} cơ sở đã ký cam kết với chính quyền cấp xã.",
    ])  # fmt: skip


def _sum(result: dict[int, float]) -> float:
    return sum(result.values())


def _t10_text(c: dict[str, Any] | None, kind: str) -> str:
    """T10 as the engine gives it: the period's cell, or year by year for the final review."""
    if c is None:
        return ""
    if c.get("years"):
        parts = [f"năm {y['period']}: {_ratio(y)} cơ sở ({fmt_percent(y['value'])})" for y in c["years"]]
        return "tỷ lệ cơ sở đang hoạt động đầu năm được kiểm tra trong năm – " + "; ".join(parts)
    if not c["denominator"]:
        return "chưa có số liệu cơ sở kinh doanh để tính tỷ lệ kiểm tra"
    return f"đã kiểm tra {_ratio(c)} cơ sở ({fmt_percent(c['value'])}) đang hoạt động đầu kỳ"


def _inspection(p: Period, t10: dict[str, Any] | None, kind: str) -> Section:
    visits, viol = _sum(measures.inspections(p)), _sum(measures.violations(p))
    with_v = _sum(measures.establishments_with_violations(p))
    fines, paid = _sum(measures.fines_imposed(p)), _sum(measures.fines_paid(p))
    t10_text = _t10_text(t10, kind)
    text = [
        f"Các đoàn kiểm tra liên ngành đã tổ chức {fmt_number(visits)} lượt kiểm tra"
        + (f", {t10_text}" if t10_text else "")
        + f"; phát hiện {fmt_number(viol)} vi phạm tại {fmt_number(with_v)} cơ sở.",
        f"Đã ban hành quyết định xử phạt với tổng số tiền {fmt_number(fines)} đồng; số tiền đã nộp trong kỳ "
        f"{fmt_number(paid)} đồng.",
    ]
    return Section(
        "II. KẾT QUẢ THỰC HIỆN\n1. Công tác kiểm tra, xử lý vi phạm tại cơ sở kinh doanh dịch vụ", text
    )


def _not_yet(info: dict[str, Any]) -> Section:
    missing = [code for code, i in info.items() if not i["source_ready"]]
    return Section("III. NHỮNG CHỈ TIÊU CHƯA CÓ SỐ LIỆU TRÊN HỆ THỐNG", [
        f"Các chỉ tiêu {', '.join(missing)} chưa có phân hệ nhập liệu trên hệ thống; cơ quan, đơn vị được giao "
        "báo cáo bằng văn bản riêng." if missing else "Tất cả chỉ tiêu đã có số liệu từ hệ thống.",
    ])  # fmt: skip


def _annex(result: dict[str, Any]) -> dict[str, list[list[Any]]]:
    """Every unit's figures; a range of an each-year indicator gives one row per year (the engine's own cells)."""
    head = [
        "Chỉ tiêu",
        "Kỳ",
        "Mã đơn vị",
        "Đơn vị",
        "Cấp",
        "Tử số",
        "Mẫu số",
        "Giá trị",
        "Mục tiêu",
        "Đánh giá",
    ]
    rows: list[list[Any]] = [head]
    for c in result["cells"]:
        if c["status"] == "no_source":
            continue
        level = LEVELS.get(c["unit_level"], c["unit_level"])
        for y in c.get("years") or [c]:
            sup = y.get("suppressed")
            rows.append([c["indicator"], y["period"], c["unit_code"], c["unit_name"], level,
                         "<5" if sup else y["numerator"], "<5" if sup else y["denominator"],
                         "<5" if sup else y["value"], y["target"], y["status_label"]])  # fmt: skip
        for t in c.get("tiers") or []:
            rows.append([c["indicator"], c["period"], c["unit_code"], f"{c['unit_name']} – {t['label']}", level,
                         t["numerator"], t["denominator"], t["value"], t["target"], t["status_label"]])  # fmt: skip
    return {"Chỉ tiêu theo đơn vị": rows}
