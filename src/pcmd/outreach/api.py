"""Communication, reach, local plans, pilot models and training over the API (read-only, the user's scope)."""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from pcmd.accounts.api_auth import api_auth_for
from pcmd.core.params import PageNumber, Text, Year
from pcmd.core.period import Period, PeriodError
from pcmd.outreach import selectors as sel

router = Router(tags=["Tuyên truyền, tập huấn"], auth=api_auth_for("outreach"))


class ActivityOut(Schema):
    id: int
    held_on: date
    unit_code: str
    unit_name: str
    form: str
    target_group: str
    title: str
    participants_male: int
    participants_female: int
    materials: int


class ActivityPage(Schema):
    count: int
    page: int
    pages: int
    results: list[ActivityOut]


class YearFigureOut(Schema):
    name: str
    kind: str
    unit_code: str
    year: int
    total: int
    reached: int
    source: str


class LocalPlanOut(Schema):
    unit_code: str
    unit_name: str
    unit_level: str
    year: int
    document_number: str
    issued_on: date
    activities_organised: bool
    integrated_with: list[str]


class PilotModelOut(Schema):
    id: int
    kind: str
    name: str
    unit_code: str
    started_on: date
    ended_on: date | None
    status: str
    participants: int


class CourseOut(Schema):
    id: int
    title: str
    starts_on: date
    ends_on: date
    level: str
    participants: int


def _period(text: str) -> Period | None:
    if not text:
        return None
    try:
        return Period.parse(text)
    except PeriodError as exc:
        raise HttpError(400, f"Tham số «period»: {exc}") from exc


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise HttpError(400, "Tham số «year»: năm không hợp lệ.")
    return year


@router.get(
    "/activities",
    response=ActivityPage,
    summary="Hoạt động tuyên truyền (lọc theo kỳ, đối tượng; phân trang)",
)
def activities(
    request: HttpRequest, period: Text = "", target_group: Text = "", page: PageNumber = 1
) -> dict:
    qs = sel.activity_list_for(actor=request.user, period=_period(period), target_group=target_group)
    p = Paginator(qs, 200).get_page(page)
    return {"count": p.paginator.count, "page": p.number, "pages": p.paginator.num_pages, "results": [
        ActivityOut(id=a.pk, held_on=a.held_on, unit_code=a.unit.code, unit_name=a.unit.name, form=a.form.name,
                    target_group=a.target_group, title=a.title, participants_male=a.participants_male,
                    participants_female=a.participants_female, materials=a.materials) for a in p.object_list]}  # fmt: skip


@router.get(
    "/reach",
    response=list[YearFigureOut],
    summary="Khu công nghiệp và trường học: mẫu số và số được tuyên truyền của một năm",
)
def reach(request: HttpRequest, year: Year) -> list[YearFigureOut]:
    y = _year(year)
    zones = [YearFigureOut(name=r.zone.name, kind="industrial_zone", unit_code=r.zone.unit.code, year=r.year,
                           total=r.workers, reached=r.workers_reached, source=r.source)
             for r in sel.zone_years_for(actor=request.user, year=y)]  # fmt: skip
    schools = [YearFigureOut(name=r.school.name, kind=r.school.kind, unit_code=r.school.unit.code, year=r.year,
                             total=r.enrolled, reached=r.students_reached, source=r.source)
               for r in sel.school_years_for(actor=request.user, year=y)]  # fmt: skip
    return zones + schools


@router.get("/local-plans", response=list[LocalPlanOut], summary="Kế hoạch của huyện, xã trong một năm")
def local_plans(request: HttpRequest, year: Year, level: Text = "") -> list[LocalPlanOut]:
    if level not in ("", "district", "commune"):
        raise HttpError(400, "Tham số «level»: district hoặc commune.")
    return [LocalPlanOut(unit_code=p.unit.code, unit_name=p.unit.name, unit_level=p.unit.level, year=p.year,
                         document_number=p.document_number, issued_on=p.issued_on,
                         activities_organised=p.activities_organised,
                         integrated_with=[pr.code for pr in p.integrated_with.all()])
            for p in sel.local_plans_for(actor=request.user, year=_year(year), level=level)]  # fmt: skip


@router.get("/pilot-models", response=list[PilotModelOut], summary="Mô hình thí điểm")
def pilot_models(request: HttpRequest, status: Text = "") -> list[PilotModelOut]:
    return [PilotModelOut(id=m.pk, kind=m.kind.code, name=m.name, unit_code=m.unit.code, started_on=m.started_on,
                          ended_on=m.ended_on, status=m.status, participants=m.participants)
            for m in sel.pilot_models_for(actor=request.user, status=status)]  # fmt: skip


@router.get("/courses", response=list[CourseOut], summary="Lớp tập huấn và số học viên")
def courses(request: HttpRequest, year: Year | None = None) -> list[CourseOut]:
    return [CourseOut(id=c.pk, title=c.title, starts_on=c.starts_on, ends_on=c.ends_on, level=c.level, participants=c.n)  # type: ignore[attr-defined]
            for c in sel.courses_for(actor=request.user, year=_year(year) if year else None)]  # fmt: skip
