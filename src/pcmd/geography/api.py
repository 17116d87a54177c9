"""Administrative units are public reference data: readable without logging in."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from pcmd.core.params import Text
from pcmd.geography.errors import UnitError
from pcmd.geography.models import AdminUnit, Level
from pcmd.geography.selectors import successors, unit_at, units_valid_on

router = Router(tags=["Đơn vị hành chính"])


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    level: str
    parent_code: str | None
    valid_from: date
    valid_to: date | None


class UnitList(Schema):
    date: date
    level: str | None
    province: str | None
    count: int
    units: list[UnitOut]


class SuccessorOut(Schema):
    unit: UnitOut
    partial: bool


def _out(u: AdminUnit, parent_code: str | None = None) -> UnitOut:
    return UnitOut(code=u.code, name=u.name, kind=u.kind, level=u.level, parent_code=parent_code,
                   valid_from=u.valid_from, valid_to=u.valid_to)  # fmt: skip


@router.get("/units", response=UnitList, auth=None, summary="Đơn vị hành chính có hiệu lực vào một ngày")
def list_units(request: HttpRequest, date: date, province: Text | None = None, level: Text | None = None):
    if level and level not in Level.values:
        raise HttpError(
            400, f"Tham số «level»: giá trị «{level}» không hợp lệ, chọn một trong {', '.join(Level.values)}."
        )
    rows = list(units_valid_on(on=date, level=level, province=province).select_related("parent"))
    units = [_out(u, u.parent.code if u.parent else None) for u in rows]
    return UnitList(date=date, level=level, province=province, count=len(units), units=units)


@router.get("/units/{code}/successors", response=list[SuccessorOut], auth=None,
            summary="Đơn vị kế thừa của một đơn vị vào một ngày")  # fmt: skip
def unit_successors(request: HttpRequest, code: Text, date: date, since: date | None = None):
    """`since`: the date on which `code` is read (default: the earliest row with that code)."""
    try:
        unit = (
            unit_at(code=code, on=since)
            if since
            else AdminUnit.objects.filter(code=code).order_by("valid_from").first()
        )
    except UnitError as exc:
        raise HttpError(404, str(exc)) from exc
    if unit is None:
        raise HttpError(404, f"Không có đơn vị hành chính mã «{code}».")
    return [SuccessorOut(unit=_out(u), partial=p) for u, p in successors(unit=unit, on=date)]
