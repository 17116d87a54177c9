from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from pcmd.accounts.models import Agency
from pcmd.accounts.scoping import scope_for
from pcmd.core.errors import Forbidden, PcmdError
from pcmd.core.locking import save_by
from pcmd.core.text import find_one
from pcmd.geography.models import AdminUnit
from pcmd.outreach.models import (
    ActivityForm,
    CommunicationActivity,
    Course,
    IndustrialZone,
    LocalPlan,
    Official,
    Outlet,
    Participation,
    PilotModel,
    PilotModelKind,
    PressItem,
    Program,
    School,
    SchoolYear,
    ZoneYear,
)
from pcmd.outreach.policies import WRITERS, can_write_press, require_write


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
    zone: IndustrialZone | None = None
    school: School | None = None
    evidence: Any = None
    establishments: list[Any] = field(default_factory=list)


def validate_activity(actor: Any, data: ActivityInput, today: date | None = None) -> list[PcmdError]:
    """Every reason to refuse an activity (the form shows the first, the import lists them all per row)."""
    errors = []
    if not scope_for(actor, roles=WRITERS).covers(data.unit):
        errors.append(
            PcmdError(f"Bạn không có quyền ghi hoạt động tuyên truyền của {data.unit.name}.", field="unit")
        )
    if data.held_on > (today or timezone.localdate()):
        errors.append(PcmdError("Ngày tổ chức không được ở tương lai.", field="held_on"))
    if data.unit.level != "commune" or not data.unit.is_valid_on(data.held_on):
        errors.append(PcmdError(
            f"Xã, phường «{data.unit.name}» không có hiệu lực vào ngày {data.held_on:%d/%m/%Y}.", field="unit"))  # fmt: skip
    if data.target_group not in CommunicationActivity.TargetGroup.values:
        errors.append(PcmdError("Đối tượng không hợp lệ.", field="target_group"))
    if not data.title.strip():
        errors.append(PcmdError("Nội dung không được để trống.", field="title"))
    groups = CommunicationActivity.TargetGroup
    if data.target_group == groups.INDUSTRIAL_WORKERS and data.zone is None:
        errors.append(
            PcmdError("Hãy chọn khu công nghiệp nơi người lao động được tuyên truyền.", field="zone")
        )
    if data.target_group == groups.ESTABLISHMENT_WORKERS and not data.establishments:
        errors.append(
            PcmdError("Hãy ghi các cơ sở nơi người lao động được tuyên truyền.", field="establishment_refs")
        )
    if data.target_group == groups.STUDENTS and data.school is None:
        errors.append(PcmdError("Hãy chọn trường nơi học sinh, sinh viên được tuyên truyền.", field="school"))
    return errors


def establishments_by_refs(*, unit: AdminUnit, text: str) -> list[Any]:
    """Establishments reached, one reference per line or separated by «;» (registration number or name), among
    those that have been in the commune; the first reference that is unknown or ambiguous is refused."""
    model: Any = CommunicationActivity._meta.get_field("establishments").related_model
    here = model.objects.filter(homes__unit=unit).distinct()
    refs = [r.strip() for r in text.replace(";", "\n").splitlines() if r.strip()]
    found = [find_one(here, r, code_field="registration_number", where=unit.name, what="cơ sở",
                      field="establishment_refs") for r in refs]  # fmt: skip
    return list({e.pk: e for e in found}.values())


def activity_new(actor: Any, data: ActivityInput) -> CommunicationActivity:
    fields = {k: v for k, v in data.__dict__.items() if k != "establishments"}
    fields |= {"title": data.title.strip(), "evidence": data.evidence or ""}
    return CommunicationActivity(created_by=actor, updated_by=actor, **fields)


@transaction.atomic
def activity_record(*, actor: Any, data: ActivityInput) -> CommunicationActivity:
    require_write(actor, data.unit)
    errors = validate_activity(actor, data)
    if errors:
        raise errors[0]
    a = activity_new(actor, data)
    a._history_user = actor  # type: ignore[attr-defined]
    a.save()
    a.establishments.set(data.establishments)
    return a


@transaction.atomic
def press_item_record(
    *, actor: Any, outlet: str, published_on: date, title: str, link: str = "", kind: str = ""
) -> PressItem:
    if not can_write_press(actor):
        raise Forbidden("Chỉ cán bộ sở, ngành và cơ quan thường trực cấp tỉnh được ghi tin, bài báo chí.")
    if published_on > timezone.localdate():
        raise PcmdError("Ngày đăng không được ở tương lai.", field="published_on")
    place = Outlet.objects.filter(code=outlet, active=True).first()
    if place is None:
        raise PcmdError(f"Nơi đăng «{outlet}» không có trong danh mục nơi đăng tin, bài.", field="outlet")
    item = PressItem(outlet=place, published_on=published_on, title=title.strip(), link=link, kind=kind,
                     created_by=actor, updated_by=actor)  # fmt: skip
    item._history_user = actor  # type: ignore[attr-defined]
    item.save()
    return item


# --- Yearly reach and denominators (T04, T05), local plans (T06, T07), pilot models (T12), training (T14) ---


def _n(v: int) -> str:
    return f"{v:,}".replace(",", ".")


def _check_year(year: int, field: str = "year") -> None:
    this = timezone.localdate().year
    if not 2000 <= year <= this:
        raise PcmdError(f"Năm {year} không hợp lệ: chỉ nhận từ 2000 đến {this}.", field=field)


def _not_future(d: date | None, field: str, label: str) -> None:
    if d and d > timezone.localdate():
        raise PcmdError(f"{label} không được ở tương lai.", field=field)


def _unit_in_year(unit: AdminUnit, year: int, levels: tuple[str, ...], field: str = "unit") -> None:
    start, end = date(year, 1, 1), date(year, 12, 31)
    if unit.level not in levels:
        names = {"province": "tỉnh", "district": "huyện", "commune": "xã, phường"}
        raise PcmdError(f"Đơn vị phải là cấp {' hoặc '.join(names[lv] for lv in levels)}.", field=field)
    if unit.valid_from > end or (unit.valid_to is not None and unit.valid_to < start):
        raise PcmdError(f"«{unit.name}» không có hiệu lực trong năm {year}.", field=field)


def _require_source(source: str) -> str:
    if not source.strip():
        raise PcmdError("Hãy ghi nguồn số liệu (văn bản, báo cáo hoặc cơ quan cung cấp).", field="source")
    return source.strip()


def _yearly(model: Any, key: dict[str, Any], expected_version: int | None, label: str) -> Any:
    """The record for (thing, year): a new one, or the one the user opened (never overwritten unseen)."""
    row = model.objects.filter(**key).first()
    if row is None:
        return model(**key)
    if expected_version is None:
        raise PcmdError(f"{label} đã có số liệu năm {key['year']}: hãy mở và sửa bản ghi đó.", field="year")
    return row


@transaction.atomic
def zone_create(*, actor: Any, name: str, unit: AdminUnit) -> IndustrialZone:
    require_write(actor, unit, "khu công nghiệp")
    if not name.strip():
        raise PcmdError("Tên khu công nghiệp không được để trống.", field="name")
    zone = IndustrialZone(name=name.strip(), unit=unit)
    zone._history_user = actor  # type: ignore[attr-defined]
    zone.save()
    return zone


@transaction.atomic
def zone_year_record(*, actor: Any, zone: IndustrialZone, year: int, workers: int, workers_reached: int,
                     source: str, expected_version: int | None = None) -> ZoneYear:  # fmt: skip
    require_write(actor, zone.unit, "số liệu khu công nghiệp")
    _check_year(year)
    if workers_reached > workers:
        raise PcmdError(
            f"Số người lao động được tuyên truyền ({_n(workers_reached)}) lớn hơn số người lao động của khu "
            f"({_n(workers)}).",
            field="workers_reached",
        )
    row = _yearly(ZoneYear, {"zone": zone, "year": year}, expected_version, zone.name)
    row.workers, row.workers_reached, row.source = workers, workers_reached, _require_source(source)
    return save_by(row, actor, expected_version)


@transaction.atomic
def school_create(*, actor: Any, name: str, kind: str, unit: AdminUnit) -> School:
    require_write(actor, unit, "trường học")
    if kind not in School.Kind.values:
        raise PcmdError("Loại trường không hợp lệ.", field="kind")
    if not name.strip():
        raise PcmdError("Tên trường không được để trống.", field="name")
    school = School(name=name.strip(), kind=kind, unit=unit)
    school._history_user = actor  # type: ignore[attr-defined]
    school.save()
    return school


@transaction.atomic
def school_year_record(*, actor: Any, school: School, year: int, enrolled: int, students_reached: int,
                       source: str, expected_version: int | None = None) -> SchoolYear:  # fmt: skip
    require_write(actor, school.unit, "số liệu trường học")
    _check_year(year)
    if students_reached > enrolled:
        raise PcmdError(
            f"Số học sinh, sinh viên được tuyên truyền ({_n(students_reached)}) lớn hơn số học sinh, sinh viên "
            f"của trường ({_n(enrolled)}).",
            field="students_reached",
        )
    row = _yearly(SchoolYear, {"school": school, "year": year}, expected_version, school.name)
    row.enrolled, row.students_reached, row.source = enrolled, students_reached, _require_source(source)
    return save_by(row, actor, expected_version)


@dataclass
class LocalPlanInput:
    unit: AdminUnit
    year: int
    document_number: str
    issued_on: date
    activities_organised: bool = False
    integrated_with: list[Program] = field(default_factory=list)
    note: str = ""


@transaction.atomic
def local_plan_record(*, actor: Any, data: LocalPlanInput, expected_version: int | None = None,
                      file: Any = None) -> LocalPlan:  # fmt: skip
    """A district (until its end) or a commune records its plan for a year. Which level counts for T06/T07 in a
    year is the plan's dated setting, not decided here."""
    require_write(actor, data.unit, "kế hoạch")
    _check_year(data.year)
    _unit_in_year(data.unit, data.year, ("district", "commune"))
    _not_future(data.issued_on, "issued_on", "Ngày ban hành")
    if data.issued_on.year > data.year:
        raise PcmdError(f"Kế hoạch năm {data.year} không thể ban hành sau năm đó.", field="issued_on")
    if not data.document_number.strip():
        raise PcmdError("Số kế hoạch không được để trống.", field="document_number")
    row = _yearly(LocalPlan, {"unit": data.unit, "year": data.year}, expected_version, data.unit.name)
    row.document_number, row.issued_on = data.document_number.strip(), data.issued_on
    row.activities_organised, row.note = data.activities_organised, data.note.strip()
    if file:
        row.file = file
    save_by(row, actor, expected_version)
    row.integrated_with.set(data.integrated_with)
    return row


@dataclass
class PilotModelInput:
    kind: PilotModelKind
    name: str
    unit: AdminUnit
    started_on: date
    ended_on: date | None = None
    status: str = PilotModel.Status.RUNNING
    sites: str = ""
    participants: int = 0
    results: str = ""


@transaction.atomic
def pilot_model_record(*, actor: Any, data: PilotModelInput, model: PilotModel | None = None,
                       expected_version: int | None = None) -> PilotModel:  # fmt: skip
    require_write(actor, data.unit, "mô hình thí điểm")
    _not_future(data.started_on, "started_on", "Ngày bắt đầu")
    _unit_in_year(data.unit, data.started_on.year, ("district", "commune"))
    if not data.unit.is_valid_on(data.started_on):
        raise PcmdError(
            f"«{data.unit.name}» không có hiệu lực vào ngày {data.started_on:%d/%m/%Y}.", field="unit"
        )
    if data.ended_on and data.ended_on < data.started_on:
        raise PcmdError("Ngày kết thúc phải sau ngày bắt đầu.", field="ended_on")
    if data.status == PilotModel.Status.ENDED and not data.ended_on:
        raise PcmdError("Mô hình đã kết thúc cần có ngày kết thúc.", field="ended_on")
    if not data.name.strip():
        raise PcmdError("Tên mô hình không được để trống.", field="name")
    row = model or PilotModel()
    for k, v in data.__dict__.items():
        setattr(row, k, v.strip() if isinstance(v, str) else v)
    return save_by(row, actor, expected_version)


@dataclass
class OfficialInput:
    full_name: str
    unit: AdminUnit
    active_from: date
    agency: Agency | None = None
    position: str = ""
    active_to: date | None = None


def validate_official(data: OfficialInput) -> list[PcmdError]:
    """Every reason to refuse a roster row (the form shows the first, the import lists them all)."""
    errors = []
    if not data.full_name.strip():
        errors.append(PcmdError("Họ và tên không được để trống.", field="full_name"))
    if data.active_from > timezone.localdate():
        errors.append(PcmdError("Ngày bắt đầu làm công tác không được ở tương lai.", field="active_from"))
    if data.active_to and data.active_to < data.active_from:
        errors.append(PcmdError("Ngày thôi làm công tác phải sau ngày bắt đầu.", field="active_to"))
    if data.unit.level not in ("province", "district", "commune") or not data.unit.is_valid_on(
        data.active_from
    ):
        errors.append(PcmdError(f"«{data.unit.name}» không có hiệu lực vào ngày {data.active_from:%d/%m/%Y}.",
                                field="unit"))  # fmt: skip
    return errors


@transaction.atomic
def official_record(*, actor: Any, data: OfficialInput, official: Official | None = None,
                    expected_version: int | None = None) -> Official:  # fmt: skip
    require_write(actor, data.unit, "danh sách cán bộ")
    errors = validate_official(data)
    if errors:
        raise errors[0]
    row = official or Official()
    for k, v in data.__dict__.items():
        setattr(row, k, v.strip() if isinstance(v, str) else v)
    return save_by(row, actor, expected_version)


@transaction.atomic
def official_move(
    *, actor: Any, official: Official, unit: AdminUnit, on: date, expected_version: int
) -> Official:
    """The official works in `unit` from `on`: the current row ends the day before and a new row continues it
    (training attended before the move still counts)."""
    if official.active_to is not None and official.active_to < on:
        raise PcmdError("Cán bộ đã thôi làm công tác trước ngày chuyển.", field="on")
    if on <= official.active_from:
        raise PcmdError("Ngày chuyển phải sau ngày bắt đầu làm công tác.", field="on")
    ended_to = official.active_to
    official.active_to = on - timedelta(days=1)
    official_record(actor=actor, data=OfficialInput(full_name=official.full_name, unit=official.unit,
                    active_from=official.active_from, agency=official.agency, position=official.position,
                    active_to=official.active_to), official=official, expected_version=expected_version)  # fmt: skip
    new = official_record(actor=actor, data=OfficialInput(full_name=official.full_name, unit=unit, active_from=on,
                          agency=official.agency, position=official.position, active_to=ended_to))  # fmt: skip
    Official.objects.filter(pk=new.pk).update(previous=official)
    new.previous = official
    return new


@dataclass
class CourseInput:
    title: str
    starts_on: date
    ends_on: date
    level: str
    unit: AdminUnit
    organiser: Agency | None = None
    topics: str = ""


@transaction.atomic
def course_record(*, actor: Any, data: CourseInput, course: Course | None = None,
                  expected_version: int | None = None) -> Course:  # fmt: skip
    require_write(actor, data.unit, "lớp tập huấn")
    if not data.title.strip():
        raise PcmdError("Tên lớp không được để trống.", field="title")
    _not_future(data.starts_on, "starts_on", "Ngày khai giảng")
    if data.ends_on < data.starts_on:
        raise PcmdError("Ngày kết thúc phải từ ngày khai giảng trở đi.", field="ends_on")
    if data.level not in Course.Level.values:
        raise PcmdError("Cấp tổ chức không hợp lệ.", field="level")
    row = course or Course()
    for k, v in data.__dict__.items():
        setattr(row, k, v.strip() if isinstance(v, str) else v)
    return save_by(row, actor, expected_version)


def participant_problem(course: Course, official: Official | None, taken: set[int]) -> str | None:
    """Why an official cannot be added to a course (None: they can). Shared by the form and the import."""
    if official is None:
        return "không có trong danh sách cán bộ làm công tác phòng, chống mại dâm"
    if not official.is_active_between(course.starts_on, course.ends_on):
        return (
            f"{official.full_name} ({official.code}) không làm công tác phòng, chống mại dâm trong thời gian của "
            f"lớp ({course.starts_on:%d/%m/%Y} – {course.ends_on:%d/%m/%Y})"
        )
    if official.pk in taken:
        return f"{official.full_name} ({official.code}) đã có trong danh sách học viên của lớp"
    return None


@transaction.atomic
def participants_add(*, actor: Any, course: Course, officials: list[Official]) -> list[Participation]:
    """Add officials from the roster to a course; refuses the whole list if one cannot be added."""
    require_write(actor, course.unit, "học viên")
    taken = set(course.participations.values_list("official_id", flat=True))
    for o in officials:
        problem = participant_problem(course, o, taken)
        if problem:
            raise PcmdError(problem[0].upper() + problem[1:] + ".", field="official")
        taken.add(o.pk)
    rows = [Participation(course=course, official=o, created_by=actor, updated_by=actor) for o in officials]
    return bulk_create_with_history(rows, Participation, default_user=actor)
