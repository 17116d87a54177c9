from __future__ import annotations

from datetime import date, datetime

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from pcmd.accounts.api_auth import api_auth_for
from pcmd.core.errors import NotFound
from pcmd.core.params import Id, PageNumber, PageSize, Text
from pcmd.core.period import Period, PeriodError
from pcmd.establishments.policies import inspection_scope
from pcmd.establishments.selectors import (
    EstablishmentFilter,
    establishment_get_for,
    establishment_list_for,
    establishment_timeline,
)

router = Router(tags=["Cơ sở kinh doanh"], auth=api_auth_for("establishments"))


class EstablishmentOut(Schema):
    id: int
    name: str
    business_type: str
    unit_code: str
    unit_name: str
    address: str
    registration_number: str
    status: str
    opened_on: date
    closed_on: date | None
    total_workers: int
    female_workers: int
    last_inspected: date | None = None
    version: int


class EstablishmentPage(Schema):
    count: int
    page: int
    pages: int
    results: list[EstablishmentOut]


class TimelineOut(Schema):
    day: date
    kind: str
    title: str
    detail: str


class EstablishmentDetail(EstablishmentOut):
    timeline: list[TimelineOut]


class InspectionOut(Schema):
    id: int
    establishment_id: int
    unit_code: str
    inspected_at: datetime
    team: str
    reason: str
    result: str
    record_number: str
    violations: int


def _out(e, cls=EstablishmentOut, **extra):
    return cls(id=e.pk, name=e.name, business_type=e.business_type.name, unit_code=e.unit.code, unit_name=e.unit.name,
               address=e.address, registration_number=e.registration_number, status=e.status, opened_on=e.opened_on,
               closed_on=e.closed_on, total_workers=e.total_workers, female_workers=e.female_workers,
               last_inspected=getattr(e, "last_inspected", None), version=e.version, **extra)  # fmt: skip


@router.get("/establishments", response=EstablishmentPage, summary="Danh sách cơ sở (lọc, phân trang)")
def list_establishments(request: HttpRequest, q: Text = "", status: Text = "", never_inspected: bool = False,
                        page: PageNumber = 1, page_size: PageSize = 50):  # fmt: skip
    qs = establishment_list_for(
        actor=request.user, filters=EstablishmentFilter(q=q, status=status, never_inspected=never_inspected)
    )
    p = Paginator(qs, page_size).get_page(page)
    return EstablishmentPage(count=p.paginator.count, page=p.number, pages=p.paginator.num_pages,
                             results=[_out(e) for e in p.object_list])  # fmt: skip


@router.get(
    "/establishments/{establishment_id}",
    response=EstablishmentDetail,
    summary="Một cơ sở và diễn biến kiểm tra",
)
def get_establishment(request: HttpRequest, establishment_id: Id):
    try:
        e = establishment_get_for(actor=request.user, establishment_id=establishment_id)
    except NotFound as exc:
        raise HttpError(404, exc.message) from exc
    timeline = [
        TimelineOut(day=t.day, kind=t.kind, title=t.title, detail=t.detail)
        for t in establishment_timeline(establishment=e)
    ]
    return _out(e, EstablishmentDetail, timeline=timeline)


@router.get("/inspections", response=list[InspectionOut], summary="Lượt kiểm tra trong một kỳ (tối đa 5.000)")
def list_inspections(request: HttpRequest, period: Text):
    try:
        p = Period.parse(period)
    except PeriodError as exc:
        raise HttpError(400, f"Tham số «period»: {exc}") from exc
    from django.db.models import Count

    qs = (inspection_scope(request.user).filter(inspected_on__gte=p.start, inspected_on__lte=p.end)
          .select_related("unit", "team").annotate(n_violations=Count("violations")).order_by("inspected_at")[:5000])  # fmt: skip
    return [InspectionOut(id=i.pk, establishment_id=i.establishment_id, unit_code=i.unit.code, inspected_at=i.inspected_at,
                          team=i.team.name, reason=i.reason, result=i.result, record_number=i.record_number,
                          violations=i.n_violations) for i in qs]  # fmt: skip
