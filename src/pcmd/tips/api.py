"""Tips and cases over the API. The reporter's identity is never part of any response."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from pcmd.accounts.api_auth import api_auth_for
from pcmd.core.params import Id, PageNumber, Text, Year
from pcmd.tips.selectors import TipFilter, case_get_for, case_list_for, tip_get_for, tip_list_for

router = Router(tags=["Tin báo, tố cáo, khiếu nại"], auth=api_auth_for("tips"))


class TipOut(Schema):
    id: int
    reference: str
    received_at: datetime
    channel: str
    kind: str
    unit_code: str
    unit_name: str
    status: str
    due_on: date | None
    closed_on: date | None
    on_time: bool | None
    version: int


class TipPage(Schema):
    count: int
    page: int
    pages: int
    results: list[TipOut]


class EventOut(Schema):
    type: str
    on: date
    amount: int | None
    note: str
    due_after: date | None


class TipDetail(TipOut):
    content: str
    result: str
    events: list[EventOut]


class CaseOut(Schema):
    id: int
    reference: str
    detected_on: date
    unit_code: str
    type: str
    handling: str
    status: str
    dismantled_on: date | None


def _tip(t: Any) -> dict:
    return {"id": t.pk, "reference": t.reference, "received_at": t.received_at, "channel": t.channel,
            "kind": t.kind, "unit_code": t.unit.code, "unit_name": t.unit.name, "status": t.status,
            "due_on": t.due_on, "closed_on": t.closed_on, "on_time": t.on_time, "version": t.version}  # fmt: skip


@router.get("/tips", response=TipPage, summary="Danh sách tin báo (không có danh tính người báo)")
def tips(request: HttpRequest, page: PageNumber = 1, status: Text = "", kind: Text = "", work: Text = "",
         reference: Text = "") -> dict:  # fmt: skip
    f = TipFilter(status=status, kind=kind, work=work, reference=reference)
    qs = tip_list_for(actor=request.user, f=f, today=timezone.localdate())
    p = Paginator(qs, 100).get_page(page)
    return {"count": p.paginator.count, "page": p.number, "pages": p.paginator.num_pages,
            "results": [_tip(t) for t in p.object_list]}  # fmt: skip


@router.get("/tips/{tip_id}", response=TipDetail, summary="Một tin báo và các bước giải quyết")
def tip(request: HttpRequest, tip_id: Id) -> dict:
    t = tip_get_for(actor=request.user, pk=tip_id)
    events = [{"type": e.type, "on": e.on, "amount": e.amount, "note": e.note, "due_after": e.due_after}
              for e in t.events.order_by("on", "pk")]  # fmt: skip
    return {**_tip(t), "content": t.content, "result": t.result, "events": events}


@router.get("/cases", response=list[CaseOut], summary="Vụ việc mại dâm")
def cases(request: HttpRequest, year: Year | None = None) -> list[dict]:
    qs = case_list_for(actor=request.user)
    if year:
        qs = qs.filter(detected_on__year=year)
    return [{"id": c.pk, "reference": c.reference, "detected_on": c.detected_on, "unit_code": c.unit.code,
             "type": c.type, "handling": c.handling, "status": c.status, "dismantled_on": c.dismantled_on}
            for c in qs[:1000]]  # fmt: skip


@router.get("/cases/{case_id}", response=CaseOut, summary="Một vụ việc")
def case(request: HttpRequest, case_id: Id) -> dict:
    c = case_get_for(actor=request.user, pk=case_id)
    return {"id": c.pk, "reference": c.reference, "detected_on": c.detected_on, "unit_code": c.unit.code,
            "type": c.type, "handling": c.handling, "status": c.status, "dismantled_on": c.dismantled_on}  # fmt: skip
