from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from pcmd.accounts.models import Agency
from pcmd.core.errors import Forbidden, PcmdError
from pcmd.geography.models import AdminUnit
from pcmd.outreach.models import ActivityForm, CommunicationActivity, PressItem
from pcmd.outreach.policies import can_write_press, require_write


@dataclass
class ActivityInput:
    held_on: date
    unit: AdminUnit
    form: ActivityForm
    target_group: str
    title: str
    agency: Agency | None = None
    participants_male: int = 0
    participants_female: int = 0
    materials: int = 0


@transaction.atomic
def activity_record(*, actor: Any, data: ActivityInput) -> CommunicationActivity:
    require_write(actor, data.unit)
    if data.held_on > timezone.localdate():
        raise PcmdError("Ngày tổ chức không được ở tương lai.", field="held_on")
    if data.unit.level != "commune" or not data.unit.is_valid_on(data.held_on):
        raise PcmdError(
            f"Xã, phường «{data.unit.name}» không có hiệu lực vào ngày {data.held_on:%d/%m/%Y}.", field="unit"
        )
    if data.target_group not in CommunicationActivity.TargetGroup.values:
        raise PcmdError("Đối tượng không hợp lệ.", field="target_group")
    if not data.title.strip():
        raise PcmdError("Nội dung không được để trống.", field="title")
    a = CommunicationActivity(
        created_by=actor, updated_by=actor, **{**data.__dict__, "title": data.title.strip()}
    )
    a._history_user = actor  # type: ignore[attr-defined]
    a.save()
    return a


@transaction.atomic
def press_item_record(
    *, actor: Any, outlet: str, published_on: date, title: str, link: str = "", kind: str = ""
) -> PressItem:
    if not can_write_press(actor):
        raise Forbidden("Chỉ cán bộ sở, ngành và cơ quan thường trực cấp tỉnh được ghi tin, bài báo chí.")
    if published_on > timezone.localdate():
        raise PcmdError("Ngày đăng không được ở tương lai.", field="published_on")
    if outlet not in PressItem.Outlet.values:
        raise PcmdError("Cơ quan báo chí không hợp lệ.", field="outlet")
    item = PressItem(outlet=outlet, published_on=published_on, title=title.strip(), link=link, kind=kind,
                     created_by=actor, updated_by=actor)  # fmt: skip
    item._history_user = actor  # type: ignore[attr-defined]
    item.save()
    return item
