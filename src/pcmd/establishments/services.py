"""Writes for the registry: one function per use case, each in its own transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from pcmd.core.errors import PcmdError
from pcmd.core.locking import claim, save_by
from pcmd.core.text import normalise
from pcmd.core.uploads import check_upload
from pcmd.establishments.models import (
    BusinessType,
    Establishment,
    EstablishmentHome,
    Inspection,
    InspectionTeam,
    Sanction,
    TeamMember,
    Violation,
    ViolationAct,
    WorkerReach,
)
from pcmd.establishments.policies import require_write
from pcmd.establishments.selectors import (
    establishment_get_for,
    inspection_get_for,
    likely_duplicates,
    violation_get_for,
)
from pcmd.geography.models import AdminUnit
from pcmd.geography.selectors import successors

HOME_START = date(2000, 1, 1)  # first home: since records began
REGISTRATION_RE = re.compile(r"^(\d{10}(-?\d{3})?|\d{2}[A-Z]\d{6,9})$")
PHONE_RE = re.compile(r"^(\+84|0)\d{8,10}$")


class DuplicateWarning(PcmdError):
    code = "duplicate"
    status = 409

    def __init__(self, matches: list[Establishment]):
        names = "; ".join(f"«{m.name}» – {m.address}, {m.unit}" for m in matches)
        super().__init__(
            f"Có thể trùng với cơ sở đã có: {names}. Kiểm tra lại hoặc xác nhận vẫn lưu.", field="name"
        )
        self.matches = matches


@dataclass
class EstablishmentInput:
    name: str
    business_type: BusinessType
    address: str
    unit: AdminUnit
    opened_on: date
    registration_number: str = ""
    licence_number: str = ""
    licence_date: date | None = None
    owner_name: str = ""
    phone: str = ""
    latitude: Any = None
    longitude: Any = None
    total_workers: int = 0
    female_workers: int = 0
    has_minor_workers: bool = False
    commitment_signed_on: date | None = None
    status: str = Establishment.Status.OPERATING
    closed_on: date | None = None
    notes: str = ""


def validate_establishment(data: EstablishmentInput, today: date | None = None) -> list[PcmdError]:
    """Every one-record rule, all at once (the import reports them row by row)."""
    today = today or timezone.localdate()
    errors: list[PcmdError] = []
    if not data.name.strip():
        errors.append(PcmdError("Tên cơ sở không được để trống.", field="name"))
    if not data.address.strip():
        errors.append(PcmdError("Địa chỉ không được để trống.", field="address"))
    if data.registration_number and not REGISTRATION_RE.match(data.registration_number):
        errors.append(PcmdError("Mã số doanh nghiệp / hộ kinh doanh không đúng định dạng (10 hoặc 13 chữ số, "
                                "hoặc số đăng ký hộ kinh doanh như 61A8012345).", field="registration_number"))  # fmt: skip
    if data.phone and not PHONE_RE.match(data.phone.replace(" ", "").replace(".", "")):
        errors.append(
            PcmdError("Số điện thoại không hợp lệ (ví dụ 0290 3831 234 hoặc 0912345678).", field="phone")
        )
    if data.female_workers > data.total_workers:
        errors.append(PcmdError(f"Số lao động nữ ({data.female_workers}) lớn hơn tổng số lao động ({data.total_workers}).",
                                field="female_workers"))  # fmt: skip
    if data.opened_on > today:
        errors.append(PcmdError("Ngày bắt đầu hoạt động không được ở tương lai.", field="opened_on"))
    if data.closed_on and data.closed_on < data.opened_on:
        errors.append(PcmdError("Ngày đóng cửa phải sau ngày bắt đầu hoạt động.", field="closed_on"))
    if data.status == Establishment.Status.CLOSED and not data.closed_on:
        errors.append(PcmdError("Cơ sở đã đóng cửa cần có ngày đóng cửa.", field="closed_on"))
    if data.licence_date and data.licence_date > today:
        errors.append(PcmdError("Ngày cấp giấy phép không được ở tương lai.", field="licence_date"))
    on = data.closed_on or today
    if data.unit.level != "commune":
        errors.append(PcmdError("Cần chọn đơn vị cấp xã.", field="unit"))
    elif not data.unit.is_valid_on(on):
        errors.append(PcmdError(f"Xã, phường «{data.unit.name}» không có hiệu lực vào ngày {on:%d/%m/%Y}; "
                                "hãy chọn đơn vị hiện hành.", field="unit"))  # fmt: skip
    return errors


def establishment_apply(e: Establishment, data: EstablishmentInput) -> None:
    for key, value in data.__dict__.items():
        setattr(e, key, value.strip() if isinstance(value, str) else value)
    e.name_normalised = normalise(e.name)
    e.address_normalised = normalise(e.address)


@transaction.atomic
def establishment_create(
    *, actor: Any, data: EstablishmentInput, confirm_duplicate: bool = False
) -> Establishment:
    require_write(actor, data.unit)
    errors = validate_establishment(data)
    if errors:
        raise errors[0]
    if not confirm_duplicate:
        dupes = likely_duplicates(name=data.name, address=data.address, unit_id=data.unit.pk,
                                  registration_number=data.registration_number)  # fmt: skip
        if dupes:
            raise DuplicateWarning(dupes)
    e = Establishment(created_by=actor, updated_by=actor)
    establishment_apply(e, data)
    e._history_user = actor  # type: ignore[attr-defined]
    e.save()
    EstablishmentHome.objects.create(establishment=e, unit=e.unit, valid_from=HOME_START)
    return e


@transaction.atomic
def establishment_update(*, actor: Any, establishment_id: int, expected_version: int, data: EstablishmentInput,
                         confirm_duplicate: bool = True) -> Establishment:  # fmt: skip
    e = establishment_get_for(actor=actor, establishment_id=establishment_id)
    require_write(actor, e.unit)
    require_write(actor, data.unit)
    errors = validate_establishment(data)
    if errors:
        raise errors[0]
    claim(e, expected_version)
    e.refresh_from_db()
    old_unit = e.unit
    establishment_apply(e, data)
    if e.unit != old_unit:  # a correction of the commune: the whole history follows it
        EstablishmentHome.objects.filter(establishment=e, unit=old_unit).update(unit=e.unit)
    e.updated_by = actor
    e._history_user = actor  # type: ignore[attr-defined]
    e.save()
    return e


def establishment_set_risk(*, actor: Any, establishment_id: int, risk: str, reason: str) -> Establishment:
    e = establishment_get_for(actor=actor, establishment_id=establishment_id)
    require_write(actor, e.unit)
    if risk and not reason.strip():
        raise PcmdError("Điều chỉnh mức rủi ro cần ghi lý do.", field="risk_override_reason")
    if risk and risk not in Establishment.Risk.values:
        raise PcmdError("Mức rủi ro không hợp lệ.", field="risk_override")
    e.risk_override, e.risk_override_reason = risk, reason.strip() if risk else ""
    e._history_user = actor  # type: ignore[attr-defined]
    e.save(update_fields=["risk_override", "risk_override_reason", "updated_at"])
    return e


def unit_on(e: Establishment, d: date) -> AdminUnit:
    """The commune the establishment belonged to on a date (before or after re-homing)."""
    home = (
        EstablishmentHome.objects.filter(establishment=e, valid_from__lte=d)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=d))
        .select_related("unit")
        .first()
    )
    return home.unit if home else e.unit


def _move(e: Establishment, unit: AdminUnit, on: date) -> None:
    """Close the open home the day before `on` and open one in `unit`."""
    EstablishmentHome.objects.filter(establishment=e, valid_to__isnull=True).update(
        valid_to=on - timedelta(days=1)
    )
    EstablishmentHome.objects.create(establishment=e, unit=unit, valid_from=on)
    e.unit = unit


def move_home(e: Establishment, unit: AdminUnit, on: date) -> None:
    """Re-home from a date (the import's «Chuyển về xã này từ ngày»): the old home ends the day before, the figures
    before `on` stay with the old commune; the caller saves `e` and checks permissions."""
    _move(e, unit, on)


@dataclass
class InspectionInput:
    team: InspectionTeam
    inspected_at: datetime
    record_number: str
    reason: str = Inspection.Reason.PLANNED
    tip_reference: str = ""
    documents_checked: str = ""
    findings: str = ""
    result: str = Inspection.Result.COMPLIANT
    members: list[TeamMember] | None = None
    attachment: Any = None


def _check_members_and_attachment(data: InspectionInput) -> list[TeamMember]:
    members = data.members or []
    if any(m.team_id != data.team.pk for m in members):
        raise PcmdError("Thành viên có mặt phải thuộc đội kiểm tra đã chọn.", field="members")
    if data.attachment is not None:
        check_upload(data.attachment, allowed=("pdf", "jpg", "png"), field="attachment")
    return members


@transaction.atomic
def inspection_record(*, actor: Any, establishment_id: int, data: InspectionInput) -> Inspection:
    e = establishment_get_for(actor=actor, establishment_id=establishment_id)
    day = (
        timezone.localtime(data.inspected_at).date()
        if timezone.is_aware(data.inspected_at)
        else data.inspected_at.date()
    )
    unit = unit_on(e, day)
    require_write(actor, unit)
    if day > timezone.localdate():
        raise PcmdError("Ngày kiểm tra không được ở tương lai.", field="inspected_at")
    if day < e.opened_on:
        raise PcmdError(
            f"Ngày kiểm tra trước ngày cơ sở bắt đầu hoạt động ({e.opened_on:%d/%m/%Y}).",
            field="inspected_at",
        )
    if e.closed_on and day > e.closed_on:
        raise PcmdError(
            f"Ngày kiểm tra sau ngày cơ sở đóng cửa ({e.closed_on:%d/%m/%Y}).", field="inspected_at"
        )
    if not unit.is_valid_on(day):
        raise PcmdError(
            f"Xã, phường «{unit.name}» không có hiệu lực vào ngày {day:%d/%m/%Y}.", field="inspected_at"
        )
    if data.team.valid_from > day or (data.team.valid_to and data.team.valid_to < day):
        raise PcmdError(f"Đội «{data.team}» không hoạt động vào ngày {day:%d/%m/%Y}.", field="team")
    if not data.record_number.strip():
        raise PcmdError("Số biên bản kiểm tra không được để trống.", field="record_number")
    if Inspection.objects.filter(record_number=data.record_number.strip()).exists():
        raise PcmdError(f"Số biên bản kiểm tra «{data.record_number}» đã được dùng.", field="record_number")
    members = _check_members_and_attachment(data)
    inspection = Inspection(
        establishment=e, unit=unit, team=data.team, inspected_at=data.inspected_at, inspected_on=day,
        reason=data.reason, tip_reference=data.tip_reference, documents_checked=data.documents_checked,
        findings=data.findings, result=data.result, record_number=data.record_number.strip(),
        created_by=actor, updated_by=actor, attachment=data.attachment or "",
    )  # fmt: skip
    inspection._history_user = actor  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            inspection.save()
    except IntegrityError as exc:
        raise PcmdError(
            f"Số biên bản kiểm tra «{data.record_number}» đã được dùng.", field="record_number"
        ) from exc
    if members:
        inspection.members_present.set(members)
    return inspection


@transaction.atomic
def violation_record(*, actor: Any, inspection_id: int, act: ViolationAct, record_number: str, description: str = "",
                     persons: dict[str, int] | None = None) -> Violation:  # fmt: skip
    inspection = inspection_get_for(actor=actor, inspection_id=inspection_id)
    require_write(actor, inspection.unit)
    number = record_number.strip()
    if not number:
        raise PcmdError("Số biên bản vi phạm không được để trống.", field="record_number")
    if Violation.objects.filter(record_number=number).exists():
        raise PcmdError(f"Số biên bản vi phạm «{number}» đã được dùng.", field="record_number")
    if not act.active:
        raise PcmdError("Hành vi vi phạm này không còn được dùng.", field="act")
    counts = {
        k: int(v)
        for k, v in (persons or {}).items()
        if k in {"owners", "workers", "buyers", "sellers", "others"}
    }
    if any(v < 0 for v in counts.values()):
        raise PcmdError("Số người vi phạm không được âm.", field="persons")
    v = Violation(inspection=inspection, act=act, record_number=number, description=description, created_by=actor,
                  updated_by=actor, **counts)  # fmt: skip
    v._history_user = actor  # type: ignore[attr-defined]
    v.save()
    if inspection.result != Inspection.Result.VIOLATION:
        inspection.result = Inspection.Result.VIOLATION
        inspection._history_user = actor  # type: ignore[attr-defined]
        inspection.save(update_fields=["result", "updated_at"])
    return v


@dataclass
class SanctionInput:
    decision_number: str
    decided_on: date
    authority: str
    fine_amount: int = 0
    licence_suspended_months: int = 0
    licence_withdrawn: bool = False
    confiscation: str = ""
    status: str = Sanction.Status.ISSUED
    paid_on: date | None = None


def _fmt_vnd(n: int) -> str:
    return f"{n:,}".replace(",", ".") + " đồng"


@transaction.atomic
def sanction_record(*, actor: Any, violation_id: int, data: SanctionInput) -> Sanction:
    violation = violation_get_for(actor=actor, violation_id=violation_id)
    require_write(actor, violation.inspection.unit)
    number = data.decision_number.strip()
    if not number:
        raise PcmdError("Số quyết định không được để trống.", field="decision_number")
    if Sanction.objects.filter(decision_number=number).exists():
        raise PcmdError(f"Số quyết định «{number}» đã được dùng.", field="decision_number")
    if data.decided_on > timezone.localdate():
        raise PcmdError("Ngày quyết định không được ở tương lai.", field="decided_on")
    if data.decided_on < violation.inspection.inspected_on:
        raise PcmdError("Ngày quyết định trước ngày lập biên bản vi phạm.", field="decided_on")
    act = violation.act
    if data.fine_amount < 0:
        raise PcmdError("Tiền phạt không được âm.", field="fine_amount")
    if (
        act.fine_min is not None
        and act.fine_max is not None
        and data.fine_amount
        and not (act.fine_min <= data.fine_amount <= act.fine_max)
    ):
        raise PcmdError(f"Tiền phạt {_fmt_vnd(data.fine_amount)} nằm ngoài khung của hành vi «{act.name}» "
                        f"({act.legal_article}): từ {_fmt_vnd(act.fine_min)} đến {_fmt_vnd(act.fine_max)}.",
                        field="fine_amount")  # fmt: skip
    if data.status == Sanction.Status.PAID and not data.paid_on:
        raise PcmdError("Đã nộp phạt cần có ngày nộp.", field="paid_on")
    if data.paid_on and data.paid_on < data.decided_on:
        raise PcmdError("Ngày nộp phạt trước ngày quyết định.", field="paid_on")
    s = Sanction(
        violation=violation,
        created_by=actor,
        updated_by=actor,
        **{**data.__dict__, "decision_number": number},
    )
    s._history_user = actor  # type: ignore[attr-defined]
    s.save()
    return s


@dataclass(frozen=True)
class RehomeResult:
    moved: int
    to_resolve: list[Establishment]


@transaction.atomic
def establishments_rehome(*, on: date) -> RehomeResult:
    """Move establishments whose commune ended before `on` to its successor; split communes are left for a
    person to resolve (they appear on the list returned and on the registry's "cần xác định xã mới" filter)."""
    moved = 0
    unresolved: list[Establishment] = []
    stale = (
        Establishment.objects.filter(unit__valid_to__lt=on)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=F("unit__valid_to")))
        .select_related("unit")
    )
    cache: dict[tuple[int, date], list[tuple[AdminUnit, bool]]] = {}
    for e in stale:
        changed = False
        # One hop at a time (2024 merge, then 2025 reform), so every home keeps its own dates.
        while not e.unit.is_valid_on(on) and e.unit.valid_to is not None:
            hop = e.unit.valid_to + timedelta(days=1)
            if e.closed_on and e.closed_on <= hop:
                break
            key = (e.unit_id, hop)
            if key not in cache:
                cache[key] = successors(unit=e.unit, on=hop)
            if len(cache[key]) != 1:
                unresolved.append(e)
                break
            _move(e, cache[key][0][0], hop)
            changed = True
        if changed:
            e.save(update_fields=["unit", "updated_at"])
            moved += 1
    return RehomeResult(moved=moved, to_resolve=unresolved)


@transaction.atomic
def establishment_move_home(*, establishment: Establishment, unit: AdminUnit, on: date) -> None:
    """System move (re-homing along lineage); callers check permissions."""
    _move(establishment, unit, on)
    establishment.save(update_fields=["unit", "updated_at"])


@transaction.atomic
def establishment_resolve_unit(*, actor: Any, establishment_id: int, unit: AdminUnit) -> Establishment:
    e = establishment_get_for(actor=actor, establishment_id=establishment_id)
    require_write(actor, unit)
    if e.unit.is_valid_on(unit.valid_from):
        raise PcmdError(f"«{e.unit.name}» vẫn còn hiệu lực, không cần chuyển.", field="unit")
    options = [u.pk for u, _ in successors(unit=e.unit, on=unit.valid_from)]
    if unit.pk not in options:
        raise PcmdError(f"«{unit.name}» không kế thừa địa bàn của «{e.unit.name}».", field="unit")
    e._history_user = actor  # type: ignore[attr-defined]
    establishment_move_home(establishment=e, unit=unit, on=unit.valid_from)
    return e


@transaction.atomic
def reach_record(*, actor: Any, establishment_id: int, year: int, workers_reached: int, reached_on: date | None = None,
                 note: str = "", expected_version: int | None = None) -> WorkerReach:  # fmt: skip
    """Workers informed at an establishment in a year (T03): never more than the establishment's workers."""
    e = establishment_get_for(actor=actor, establishment_id=establishment_id)
    require_write(actor, e.unit)
    today = timezone.localdate()
    if not e.opened_on.year <= year <= today.year:
        raise PcmdError(f"Năm {year} không hợp lệ: từ năm cơ sở hoạt động ({e.opened_on.year}) đến {today.year}.",
                        field="year")  # fmt: skip
    if workers_reached > e.total_workers:
        raise PcmdError(
            f"Số người lao động được tuyên truyền ({workers_reached}) lớn hơn số lao động của cơ sở "
            f"({e.total_workers}). Hãy cập nhật số lao động của cơ sở trước nếu số này đã thay đổi.",
            field="workers_reached",
        )
    if reached_on and (reached_on.year != year or reached_on > today):
        raise PcmdError(f"Ngày tuyên truyền phải trong năm {year} và không ở tương lai.", field="reached_on")
    row = WorkerReach.objects.filter(establishment=e, year=year).first()
    if row is None:
        row = WorkerReach(establishment=e, year=year)
    elif expected_version is None:
        raise PcmdError(f"Cơ sở đã có số liệu năm {year}: hãy sửa bản ghi đó.", field="year")
    row.workers_reached, row.reached_on, row.note = workers_reached, reached_on, note.strip()
    return save_by(row, actor, expected_version)
