"""What a report says, built once from the engine and the registries; the docx, pdf and xlsx builders only
lay it out. Numbers in Vietnamese format (1.540; 20,3%)."""

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
RECIPIENTS = ["Bộ Y tế (b/c);", "Thường trực Tỉnh ủy (b/c);", "Thường trực HĐND tỉnh (b/c);", "CT, các PCT UBND tỉnh;",
              "Các sở, ban, ngành tỉnh;", "UBND các xã, phường;", "Lưu: VT."]  # fmt: skip


class ReportError(ValueError):
    pass


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class ReportContent:
    kind: str
    period: Period
    issuer_parent: str
    issuer: str
    number: str
    place_date: str
    title: str
    sections: list[Section]
    table_head: list[str]
    table: list[list[str]]
    signer_title: list[str]
    recipients: list[str]
    annex: dict[str, list[list[Any]]]
    data_version: int
    t10_sentence: str = ""


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


def _vn_date(d: date) -> str:
    return f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def build(*, kind: str, period_text: str, plan: str = "", today: date | None = None) -> ReportContent:
    today = today or timezone.localdate()
    chosen, period = resolve(kind, period_text, plan)
    year_text = str(period.start.year)
    req = parse_request(period=period.code, plan=chosen.code)
    result = matrix(req)
    cells = [c for c in result["cells"] if c["unit_level"] == "province"]
    info = {i["code"]: i for i in result["indicators"]}
    sections = [_situation(period), _inspection(period), _targets_summary(cells), _not_yet(info),
                Section("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ VÀ KIẾN NGHỊ",
                        ["(Cơ quan thường trực bổ sung phương hướng, nhiệm vụ kỳ tới và kiến nghị, đề xuất.)"])]  # fmt: skip
    t10 = next((c for c in cells if c["indicator"] == "T10"), None)
    table = []
    for c in cells:
        i = info[c["indicator"]]
        value = (
            "<5"
            if c.get("suppressed")
            else (fmt_percent(c["value"]) if i["unit"] == "%" else fmt_number(c["value"]))
        )
        detail = f"{fmt_number(c['numerator'])}/{fmt_number(c['denominator'])}" if c["denominator"] else "—"
        table.append([c["indicator"], i["short_name"], c["target"] or "—", value, detail, c["status_label"]])
        for t in c.get("tiers") or []:  # T14: one line per tier, each with its own target
            table.append(["", f"– {t['label']}", t["target"] or "—", fmt_percent(t["value"]),
                          f"{fmt_number(t['numerator'])}/{fmt_number(t['denominator'])}" if t["denominator"] else "—",
                          t["status_label"]])  # fmt: skip
    return ReportContent(
        kind=kind, period=period, issuer_parent="ỦY BAN NHÂN DÂN", issuer="TỈNH CÀ MAU", number="Số:        /BC-UBND",
        place_date=f"Cà Mau, {_vn_date(today)}",
        title=TITLES[kind].format(number=chosen.number, year=year_text, end_year=period.end.year),
        sections=sections,
        table_head=["Mã", "Chỉ tiêu", "Mục tiêu", "Kết quả", "Tử số/Mẫu số", "Đánh giá"],
        table=table,
        signer_title=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        recipients=RECIPIENTS,
        annex=_annex(period, result),
        data_version=result["data_version"],
        t10_sentence=_t10_sentence(t10) if t10 else "",
    )  # fmt: skip


def _t10_sentence(c: dict[str, Any]) -> str:
    if not c["denominator"]:
        return "Chưa có số liệu cơ sở kinh doanh để tính tỷ lệ kiểm tra."
    return (f"đã kiểm tra {fmt_number(c['numerator'])}/{fmt_number(c['denominator'])} cơ sở "
            f"({fmt_percent(c['value'])})")  # fmt: skip


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


def _inspection(p: Period) -> Section:
    inspected = _sum(measures.inspected_active_at_start(p))
    active = _sum(measures.active_at_start(p))
    share = 100 * inspected / active if active else None
    visits, viol = _sum(measures.inspections(p)), _sum(measures.violations(p))
    with_v = _sum(measures.establishments_with_violations(p))
    fines, paid = _sum(measures.fines_imposed(p)), _sum(measures.fines_paid(p))
    text = [
        f"Các đoàn kiểm tra liên ngành đã tổ chức {fmt_number(visits)} lượt kiểm tra, "
        f"đã kiểm tra {fmt_number(inspected)}/{fmt_number(active)} cơ sở ({fmt_percent(share)}) đang hoạt động đầu kỳ; "
        f"phát hiện {fmt_number(viol)} vi phạm tại {fmt_number(with_v)} cơ sở.",
        f"Đã ban hành quyết định xử phạt với tổng số tiền {fmt_number(fines)} đồng; số tiền đã nộp trong kỳ "
        f"{fmt_number(paid)} đồng.",
    ]
    return Section(
        "II. KẾT QUẢ THỰC HIỆN\n1. Công tác kiểm tra, xử lý vi phạm tại cơ sở kinh doanh dịch vụ", text
    )


def _targets_summary(cells: list[dict[str, Any]]) -> Section:
    counted = [c for c in cells if c["status"] not in ("no_source", "no_data", "no_target", "suppressed")]
    ok = sum(c["status"] in ("achieved", "on_track") for c in counted)
    return Section("2. Kết quả thực hiện các chỉ tiêu", [
        f"Trong {fmt_number(len(cells))} chỉ tiêu của Kế hoạch, {fmt_number(len(counted))} chỉ tiêu đã có số liệu tính từ "
        f"hệ thống; {fmt_number(ok)} chỉ tiêu đạt hoặc đúng tiến độ. Chi tiết tại bảng dưới đây.",
    ])  # fmt: skip


def _not_yet(info: dict[str, Any]) -> Section:
    missing = [code for code, i in info.items() if not i["source_ready"]]
    return Section("III. NHỮNG CHỈ TIÊU CHƯA CÓ SỐ LIỆU TRÊN HỆ THỐNG", [
        f"Các chỉ tiêu {', '.join(missing)} chưa có phân hệ nhập liệu trên hệ thống; cơ quan, đơn vị được giao "
        "báo cáo bằng văn bản riêng." if missing else "Tất cả chỉ tiêu đã có số liệu từ hệ thống.",
    ])  # fmt: skip


def _annex(p: Period, result: dict[str, Any]) -> dict[str, list[list[Any]]]:
    head = ["Chỉ tiêu", "Mã đơn vị", "Đơn vị", "Cấp", "Tử số", "Mẫu số", "Giá trị", "Mục tiêu", "Đánh giá"]
    rows = [head]
    for c in result["cells"]:
        if c["status"] == "no_source":
            continue
        sup = c.get("suppressed")
        rows.append([c["indicator"], c["unit_code"], c["unit_name"], c["unit_level"], "<5" if sup else c["numerator"],
                     "<5" if sup else c["denominator"], "<5" if sup else c["value"], c["target"], c["status_label"]])  # fmt: skip
        for t in c.get("tiers") or []:
            rows.append([c["indicator"], c["unit_code"], f"{c['unit_name']} – {t['label']}", c["unit_level"],
                         t["numerator"], t["denominator"], t["value"], t["target"], t["status_label"]])  # fmt: skip
    return {"Chỉ tiêu theo đơn vị": rows}
