from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from openpyxl import Workbook

from pcmd.core.calendar import WorkingCalendar
from pcmd.core.errors import PcmdError
from pcmd.core.period import Period, PeriodError
from pcmd.core.sensitive import BREAK_GLASS, IDENTITY, reveals
from pcmd.core.xlsx import xlsx_row
from pcmd.tips.deadlines import countdown
from pcmd.tips.forms import (
    EVENT_CHOICES,
    CaseFilterForm,
    CaseForm,
    CaseStatusForm,
    ClassifyForm,
    EventForm,
    IdentityBreakGlassForm,
    IdentityPurposeForm,
    MergeForm,
    TipFilterForm,
    TipReceiveForm,
)
from pcmd.tips.models import Kind, Tip
from pcmd.tips.policies import can_break_glass, can_handle, can_read_identity, can_record_case
from pcmd.tips.rules import rule_for, rules_in_force
from pcmd.tips.selectors import (
    TipFilter,
    case_get_for,
    case_list_for,
    tip_breakdown,
    tip_get_for,
    tip_list_for,
    work_counts,
)
from pcmd.tips.services import (
    CaseInput,
    TipInput,
    can_decide,
    case_record,
    case_update_status,
    establishment_by_ref,
    tip_attachment,
    tip_break_glass,
    tip_classify,
    tip_classify_preview,
    tip_event,
    tip_event_preview,
    tip_identity,
    tip_merge,
    tip_receive,
)

PAGE_SIZE = 50


def _fail(form: Any, exc: PcmdError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _filter(request: HttpRequest) -> tuple[TipFilterForm, TipFilter]:
    form = TipFilterForm(request.GET or None)
    d = form.cleaned_data if form.is_valid() else {}
    unit = d.get("unit")
    f = TipFilter(status=d.get("status") or "", kind=d.get("kind") or "", channel=d.get("channel") or "",
                  unit_id=unit.pk if unit else None, reference=d.get("reference") or "", work=d.get("work") or "")  # fmt: skip
    return form, f


@login_required
def tip_list(request: HttpRequest) -> HttpResponse:
    form, f = _filter(request)
    today = timezone.localdate()
    page = Paginator(tip_list_for(actor=request.user, f=f, today=today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    try:
        period = Period.parse(request.GET.get("period") or str(today.year))
    except PeriodError:
        period = Period.year(today.year)
    kinds, channels = dict(Kind.choices), dict(Tip.Channel.choices)
    cal = WorkingCalendar()
    return render(request, "tips/list.html", {
        "form": form, "page": page, "query": query.urlencode(), "today": today,
        "rows": [(t, countdown(t, today, cal)) for t in page],
        "counts": work_counts(actor=request.user, today=today), "period": period,
        "breakdown": [{**r, "kind": kinds.get(r["kind"], "Chưa phân loại"), "channel": channels.get(r["channel"])}
                      for r in tip_breakdown(actor=request.user, period=period)],
    })  # fmt: skip


@login_required
def tip_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as xlsx. The reporter's identity is never exported."""
    _, f = _filter(request)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Tin báo")
    ws.append(["Số tiếp nhận", "Tiếp nhận lúc", "Hình thức", "Loại việc", "Xã, phường", "Tình trạng", "Hạn",
               "Ngày kết thúc", "Đúng hạn"])  # fmt: skip
    for t in tip_list_for(actor=request.user, f=f, today=timezone.localdate()).iterator(chunk_size=2000):
        ws.append(xlsx_row(ws, [t.reference, timezone.localtime(t.received_at).strftime("%d/%m/%Y %H:%M"),
                   t.get_channel_display(), t.get_kind_display() or "Chưa phân loại", t.unit.name,
                   t.get_status_display(), t.due_on, t.closed_on,
                   "" if t.on_time is None else ("Có" if t.on_time else "Không")]))  # fmt: skip
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="tin-bao.xlsx"'
    wb.save(response)
    return response


@login_required
def tip_new(request: HttpRequest) -> HttpResponse:
    form = TipReceiveForm(
        request.POST or None,
        request.FILES or None,
        initial={"received_at": timezone.localtime().replace(second=0)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            d = dict(form.cleaned_data)
            d["establishment"] = establishment_by_ref(unit=d["unit"], ref=d.pop("establishment_ref"))
            tip = tip_receive(actor=request.user, data=TipInput(**d))
        except PcmdError as exc:
            _fail(form, exc)
        else:
            messages.success(request, f"Đã tiếp nhận {tip.reference}.")
            return redirect("tips:detail", pk=tip.pk)
    return render(request, "tips/new.html", {"form": form})


def _confirm(request: HttpRequest, tip: Tip, state: Any, d: dict[str, Any], label: str) -> HttpResponse:
    """The confirmation page: what will be recorded, the deadline before and after, who and when."""
    return render(request, "tips/confirm.html", {
        "tip": tip, "state": state, "d": d, "now": timezone.localtime(), "label": label,
        "post": [(k, v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken"],
    })  # fmt: skip


def _event_args(d: dict[str, Any]) -> dict[str, Any]:
    return {k: d[k] for k in ("type", "on", "amount", "note", "step", "decision_no")}


def _classify(request: HttpRequest, tip: Tip, form: ClassifyForm) -> HttpResponse | None:
    if not form.is_valid():
        return None
    d = form.cleaned_data
    if request.POST.get("confirm") != "1":  # classifying starts the clock: confirmed first
        state = tip_classify_preview(actor=request.user, tip=tip, kind=d["kind"], on=d["on"], handler=d["handler"],
                                     remote_area=d["remote_area"])  # fmt: skip
        return _confirm(request, tip, state, {"on": d["on"]}, f"Phân loại: {dict(Kind.choices)[d['kind']]}")
    tip_classify(actor=request.user, tip=tip, kind=d["kind"], on=d["on"], handler=d["handler"],
                 competent_body=d["competent_body"], version=d["version"], remote_area=d["remote_area"])  # fmt: skip
    messages.success(request, "Đã phân loại, giao việc.")
    return redirect("tips:detail", pk=tip.pk)


def _event(request: HttpRequest, tip: Tip, form: EventForm) -> HttpResponse | None:
    if not form.is_valid():
        return None
    d = form.cleaned_data
    if request.POST.get("confirm") != "1":  # every clock step is confirmed before it is recorded
        state = tip_event_preview(actor=request.user, tip=tip, **_event_args(d))
        return _confirm(request, tip, state, d, dict(EVENT_CHOICES)[d["type"]])
    tip_event(actor=request.user, tip=tip, version=d["version"], to_body=d["to_body"], **_event_args(d))
    messages.success(request, "Đã ghi bước giải quyết.")
    return redirect("tips:detail", pk=tip.pk)


def _merge(request: HttpRequest, tip: Tip, form: MergeForm) -> HttpResponse | None:
    if not form.is_valid():
        return None
    into = tip_list_for(actor=request.user, f=TipFilter(), today=timezone.localdate()).filter(
        reference=form.cleaned_data["into"].strip()).first()  # fmt: skip
    if into is None:
        form.add_error("into", "Không tìm thấy việc có số tiếp nhận này trong phạm vi của bạn.")
        return None
    tip_merge(actor=request.user, tip=tip, into=into)
    messages.success(request, f"Đã gộp vào {into.reference}; cả hai hồ sơ được giữ.")
    return redirect("tips:detail", pk=tip.pk)


@never_cache
@login_required
def tip_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tip = tip_get_for(actor=request.user, pk=pk)  # NotFound: 404 page (web middleware)
    today = timezone.localdate()
    handle = can_handle(request.user, tip)
    decide = can_decide(request.user, tip)
    rule = rule_for(tip.kind, timezone.localdate(tip.received_at))
    spec = rule.spec if rule else None
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if post else None
    classify = ClassifyForm(post if action == "classify" else None, initial={
        "kind": tip.kind, "on": today, "version": tip.version, "remote_area": tip.remote_area,
        "handler": tip.handler_id, "competent_body": tip.competent_body_id})  # fmt: skip
    event = EventForm(post if action == "event" else None, initial={"on": today, "version": tip.version}, rule=spec,
                      remote=tip.remote_area, decide_only=not handle)  # fmt: skip
    merge = MergeForm(post if action == "merge" else None)
    steps: dict[str, tuple[Any, Callable[..., HttpResponse | None], bool]] = {
        "classify": (classify, _classify, handle),
        "event": (event, _event, handle or decide),
        "merge": (merge, _merge, handle),
    }
    if action in steps and steps[action][2]:
        form, run, _ = steps[action]
        try:
            response = run(request, tip, form)
        except PcmdError as exc:
            _fail(form, exc)
        else:
            if response is not None:
                return response
    events = list(tip.events.select_related("actor").order_by("on", "pk"))
    history = tip.history.select_related("history_user").order_by("-history_date")[:20]
    return render(request, "tips/detail.html", {
        "tip": tip, "events": events, "timeline": _timeline(tip, events, today), "handle": handle,
        "decide": decide, "rule": rule, "countdown": countdown(tip, today, WorkingCalendar()),
        "classify": classify, "event_form": event, "merge": merge, "may_identity": can_read_identity(request.user, tip),
        "may_break_glass": can_break_glass(request.user, tip), "history": history, "today": today,
    })  # fmt: skip


@login_required
def rules_page(request: HttpRequest) -> HttpResponse:
    """«Cách tính thời hạn»: every rule in force with its sources and confidence, and how days are counted."""
    today = timezone.localdate()
    rules = [
        (r, [(s, s.describe(False), s.describe(True)) for s in r.spec.steps]) for r in rules_in_force(today)
    ]
    return render(request, "tips/rules.html", {"rules": rules, "today": today})


def _timeline(tip: Tip, events: list[Any], today: Any) -> dict[str, Any]:
    """Positions (0–100 %) of events, the due date and today on one line from receipt."""
    if not events:
        return {}
    start = events[0].on
    end_day = max(
        [today if tip.closed_on is None else tip.closed_on, tip.due_on or start, *(e.on for e in events)]
    )
    span = max((end_day - start).days, 1)

    def pos(d: Any) -> float:
        return round(100 * (d - start).days / span, 1)

    return {
        "events": [{"x": pos(e.on), "label": e.get_type_display(), "on": e.on} for e in events],
        "due": pos(tip.due_on) if tip.due_on else None, "today": pos(today) if tip.closed_on is None else None,
        "start": start, "end": end_day,
    }  # fmt: skip


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseForm(request.POST or None, initial={"detected_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        refs = [r.strip() for r in (d["tip_refs"] or "").split(",") if r.strip()]
        tips = list(
            tip_list_for(actor=request.user, f=TipFilter(), today=timezone.localdate()).filter(
                reference__in=refs
            )
        )
        if len(tips) != len(set(refs)):
            form.add_error("tip_refs", "Có số tiếp nhận không tìm thấy trong phạm vi của bạn.")
        else:
            persons = [(role, d.get(name) or 0, d["handling"]) for role, name in
                       [("owner", "owners"), ("broker", "brokers"), ("seller", "sellers"), ("buyer", "buyers"),
                        ("protector", "protectors")]]  # fmt: skip
            try:
                case = case_record(actor=request.user, data=CaseInput(
                    detected_on=d["detected_on"], unit=d["unit"], type=d["type"], handling=d["handling"],
                    status=d["status"], dismantled_on=d["dismantled_on"], summary=d["summary"], tips=tips,
                    persons=persons))  # fmt: skip
            except PcmdError as exc:
                _fail(form, exc)
            else:
                messages.success(request, f"Đã ghi vụ việc {case.reference}.")
                return redirect("tips:cases")
    filters = CaseFilterForm(request.GET or None)
    f = filters.cleaned_data if filters.is_valid() else {}
    period = Period.year(f["year"]) if f.get("year") else None
    qs = case_list_for(
        actor=request.user, type=f.get("type") or "", status=f.get("status") or "", period=period
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "tips/cases.html", {"form": form, "filters": filters, "page": page,
                                               "query": query.urlencode()})  # fmt: skip


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get_for(actor=request.user, pk=pk)  # NotFound: 404 page (web middleware)
    form = CaseStatusForm(request.POST or None, initial={"status": case.status, "dismantled_on": case.dismantled_on,
                                                         "version": case.version})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            case_update_status(actor=request.user, case=case, **form.cleaned_data)
        except PcmdError as exc:
            _fail(form, exc)
        else:
            messages.success(request, "Đã cập nhật tình trạng vụ việc.")
            return redirect("tips:case", pk=case.pk)
    return render(request, "tips/case.html", {
        "case": case, "persons": case.persons.order_by("role"), "tips": case.tips.only("pk", "reference"),
        "establishments": case.establishments.only("pk", "name"), "form": form,
        "can_edit": can_record_case(request.user, case.unit),
        "history": case.history.select_related("history_user").order_by("-history_date")[:20],
    })  # fmt: skip


@reveals(IDENTITY)
@login_required
def identity(request: HttpRequest, pk: int) -> HttpResponse:
    """The reporter's identity, for the people handling the matter only (404 for anyone else, whatever their role),
    after they choose the purpose of this read."""
    tip = tip_get_for(actor=request.user, pk=pk)
    if not can_read_identity(request.user, tip):
        raise Http404
    form = IdentityPurposeForm(request.POST or None)
    shown = None
    if request.method == "POST" and form.is_valid():
        try:
            shown = tip_identity(actor=request.user, tip=tip, purpose=form.cleaned_data["purpose"])
        except PcmdError as exc:
            _fail(form, exc)
    return render(request, "tips/identity.html", {"tip": tip, "form": form, "identity": shown,
                                                  "purpose": form.cleaned_data.get("purpose") if shown else ""})  # fmt: skip


@reveals(BREAK_GLASS)
@login_required
def break_glass(request: HttpRequest, pk: int) -> HttpResponse:
    """An administrator's emergency read with a written reason; the auditors see it at once."""
    tip = tip_get_for(actor=request.user, pk=pk)
    if not can_break_glass(request.user, tip):
        raise Http404
    form = IdentityBreakGlassForm(request.POST or None)
    shown = None
    if request.method == "POST" and form.is_valid():
        try:
            shown = tip_break_glass(actor=request.user, tip=tip, reason=form.cleaned_data["reason"])
        except PcmdError as exc:
            _fail(form, exc)
    return render(request, "tips/identity.html", {"tip": tip, "form": form, "identity": shown, "glass": True})


@reveals(IDENTITY)
@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The intake attachment: POST with the purpose chosen on the identity page; a plain GET asks for it."""
    tip = tip_get_for(actor=request.user, pk=pk)
    if not can_read_identity(request.user, tip) or not tip.attachment:
        raise Http404
    form = IdentityPurposeForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "tips/identity.html", {"tip": tip, "form": form, "identity": None})
    name, data = tip_attachment(actor=request.user, tip=tip, purpose=form.cleaned_data["purpose"])
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=name)
