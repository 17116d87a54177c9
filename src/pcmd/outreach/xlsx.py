"""Excel import of activities and of a course's participants (all-or-nothing, row-by-row report, file kept), the
templates, and the export of activities."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from pcmd.accounts.models import Agency
from pcmd.accounts.scoping import scope_for
from pcmd.core.dataversion import bump
from pcmd.core.text import normalise
from pcmd.core.xlsx import (
    ImportReport,
    cell_date,
    cell_int,
    cell_text,
    keep,
    max_lengths,
    read_all,
    template,
    xlsx_row,
)
from pcmd.geography.models import AdminUnit
from pcmd.geography.selectors import UnitsByCode
from pcmd.outreach.models import (
    ActivityForm,
    CommunicationActivity,
    Course,
    IndustrialZone,
    Official,
    Participation,
    School,
)
from pcmd.outreach.policies import WRITERS, require_write, scoped
from pcmd.outreach.services import (
    ActivityInput,
    OfficialInput,
    activity_new,
    participant_problem,
    validate_activity,
    validate_official,
)

ACTIVITY_COLUMNS = [
    ("held_on", "Ngày tổ chức", True),
    ("unit", "Mã xã, phường", True),
    ("form", "Hình thức", True),
    ("target_group", "Đối tượng", True),
    ("title", "Nội dung", True),
    ("participants_male", "Người tham dự: nam", False),
    ("participants_female", "Người tham dự: nữ", False),
    ("materials", "Tài liệu phát ra", False),
    ("zone", "Khu công nghiệp", False),
    ("school", "Trường", False),
    ("establishments", "Cơ sở được tuyên truyền (mã số hoặc tên, cách nhau bởi ;)", False),
    ("id", "Mã PCMD (không sửa)", False),
]
ACTIVITY_LENGTHS = max_lengths(CommunicationActivity, [f for f, _, _ in ACTIVITY_COLUMNS])
COMPARED = ("held_on", "unit", "form", "target_group", "title", "participants_male", "participants_female", "materials",
            "zone", "school")  # fmt: skip
ACTIVITY_HEADER = {f: h for f, h, _ in ACTIVITY_COLUMNS}
GROUPS = {normalise(label): value for value, label in CommunicationActivity.TargetGroup.choices} | {
    v: v for v in CommunicationActivity.TargetGroup.values
}
PARTICIPANT_COLUMNS = [("code", "Mã cán bộ", True), ("full_name", "Họ và tên", False)]


def activities_template() -> Workbook:
    wb = template("Hoạt động tuyên truyền", ACTIVITY_COLUMNS,
                  ["15/03/2025", "32002", "Họp dân, nói chuyện chuyên đề", "Cộng đồng dân cư",
                   "Nói chuyện chuyên đề phòng, chống mại dâm tại khóm 3", 20, 35, 100])  # fmt: skip
    lists = wb.create_sheet("Danh mục")
    lists.append(["Hình thức (mã)", "Hình thức", "Đối tượng"])
    forms = list(ActivityForm.objects.filter(active=True))
    groups = CommunicationActivity.TargetGroup.labels
    for i in range(max(len(forms), len(groups))):
        f = forms[i] if i < len(forms) else None
        lists.append([f.code if f else "", f.name if f else "", groups[i] if i < len(groups) else ""])
    return wb


class _Activities:
    """Lookups read once per file: units by code, forms by code or name."""

    def __init__(self) -> None:
        self.units = UnitsByCode(province="96")
        self.forms = {}
        for f in ActivityForm.objects.filter(active=True):
            self.forms[f.code] = self.forms[normalise(f.name)] = f
        # Establishments by the communes they have been in, read once (not a query per row).
        model: Any = CommunicationActivity._meta.get_field("establishments").related_model
        self.by_number = {e.registration_number: e for e in model.objects.exclude(registration_number="")}
        self.by_unit: dict[int, list[tuple[str, Any]]] = {}
        homes = model.homes.rel.related_model.objects.select_related("establishment")
        for h in homes:
            e = h.establishment
            self.by_unit.setdefault(h.unit_id, []).append((normalise(e.name), e))
        self.places: dict[str, dict[str, Any]] = {
            "zone": {normalise(z.name): z for z in IndustrialZone.objects.filter(active=True)},
            "school": {normalise(x.name): x for x in School.objects.filter(active=True)},
        }

    def unit(self, code: str, on: date | None) -> AdminUnit:
        return self.units.on(code, on or timezone.localdate())

    def links(self, activity_id: int) -> list[Any]:
        a = CommunicationActivity.objects.filter(pk=activity_id).first()
        return list(a.establishments.all()) if a else []

    def establishments(self, unit: AdminUnit, text: str) -> list[Any]:
        out: dict[int, Any] = {}
        for ref in (r.strip() for r in text.split(";")):
            if not ref:
                continue
            e = self.by_number.get(ref)
            if e is None:
                needle = normalise(ref)
                found = {x.pk: x for name, x in self.by_unit.get(unit.pk, []) if needle in name}
                exact = {pk: x for pk, x in found.items() if normalise(x.name) == needle}
                found = exact if len(exact) == 1 else found
                if len(found) != 1:
                    what = "không có cơ sở" if not found else "có nhiều cơ sở khớp"
                    raise ValueError(
                        f"{what} «{ref}» ở {unit.name} (ghi mã số doanh nghiệp hoặc tên đầy đủ hơn)"
                    )
                e = next(iter(found.values()))
            out[e.pk] = e
        return list(out.values())


def _activity_cell(f: str, raw: Any, lk: _Activities) -> Any:
    """One cell to its value; ValueError with the Vietnamese reason."""
    if f == "held_on":
        return cell_date(raw)
    if f in ("participants_male", "participants_female", "materials", "id"):
        return cell_int(raw)
    if f == "form":
        form = lk.forms.get(cell_text(raw)) or lk.forms.get(normalise(cell_text(raw)))
        if form is None:
            raise ValueError(f"không có hình thức «{cell_text(raw)}» (xem trang «Danh mục» của tệp mẫu)")
        return form
    if f == "target_group":
        group = GROUPS.get(normalise(cell_text(raw)))
        if group is None:
            raise ValueError(f"không có đối tượng «{cell_text(raw)}» (xem trang «Danh mục» của tệp mẫu)")
        return group
    if f in ("zone", "school"):
        name = cell_text(raw)
        if not name:
            return None
        place = lk.places[f].get(normalise(name))
        if place is None:
            what = "khu công nghiệp" if f == "zone" else "trường"
            raise ValueError(f"không có {what} «{name}» trong danh mục (trang «Khu công nghiệp, trường học»)")
        return place
    return cell_text(raw, max_length=ACTIVITY_LENGTHS.get(f))


def _activity_row(values: dict[str, Any], lk: _Activities, actor: Any, today: date) -> tuple[Any, list]:
    errs: list[tuple[str, str]] = []
    parsed: dict[str, Any] = {}
    for f, _, required in ACTIVITY_COLUMNS:
        raw = values.get(f)
        if required and cell_text(raw) == "":
            errs.append((f, "không được để trống"))
        elif f not in ("unit", "establishments"):
            try:
                parsed[f] = _activity_cell(f, raw, lk)
            except ValueError as exc:
                errs.append((f, str(exc)))
    if not any(f in ("unit", "held_on") for f, _ in errs):
        try:
            parsed["unit"] = lk.unit(cell_text(values.get("unit")), parsed.get("held_on"))
            parsed["establishments"] = lk.establishments(
                parsed["unit"], cell_text(values.get("establishments"))
            )
        except ValueError as exc:
            errs.append(("unit" if "unit" not in parsed else "establishments", str(exc)))
    if errs:
        return None, errs
    rid = parsed.pop("id", 0) or None
    if rid and not cell_text(values.get("establishments")):  # blank keeps the stored links
        parsed["establishments"] = lk.links(rid)
    data = ActivityInput(**parsed)
    data.id = rid  # type: ignore[attr-defined]
    problems = validate_activity(actor, data, today)
    if rid:  # a rule on links the file leaves as stored is not this file's business
        kept = {e.pk for e in lk.links(rid)} == {e.pk for e in data.establishments}
        problems = [p for p in problems if not (kept and p.field == "establishment_refs")]
    errs.extend((e.field or "title", e.message) for e in problems)
    return (None if errs else data), errs


def _key(d: Any) -> tuple[Any, ...]:
    """Every value of a row: a second session with the same title but other counts is another activity; only a
    row identical in every value is the same one (the export's id is the key that updates a record)."""
    return tuple(getattr(getattr(d, f), "pk", getattr(d, f)) for f in COMPARED)


def import_activities(
    *, path: Path, original_name: str, actor: Any, today: date | None = None
) -> ImportReport:
    """Every row is checked like the form; one bad row refuses the file with every reason listed. A row the
    register already holds (same day, commune, form and content) is not written twice."""
    lk, today = _Activities(), today or timezone.localdate()
    rows, errors = read_all(path, ACTIVITY_COLUMNS)
    inputs: list[tuple[int, ActivityInput]] = []
    for n, values in rows:
        data, errs = _activity_row(values, lk, actor, today)
        errors.extend({"row": n, "column": ACTIVITY_HEADER.get(f, f), "message": m} for f, m in errs)
        if data is not None:
            inputs.append((n, data))
    seen: dict[tuple[Any, ...], int] = {}
    for n, d in inputs:
        if _key(d) in seen:
            errors.append({"row": n, "column": ACTIVITY_HEADER["title"],
                           "message": f"trùng hoàn toàn với dòng {seen[_key(d)]}"})  # fmt: skip
        seen.setdefault(_key(d), n)
    by_id = _activities_by_id(actor, [d for _, d in inputs], errors, dict((id(d), n) for n, d in inputs))
    with transaction.atomic():
        batch = keep(kind="activities", path=path, original_name=original_name, actor=actor,
                     rows=len(rows), errors=errors)  # fmt: skip
        if errors:
            return ImportReport(batch=batch, errors=batch.errors)
        batch.created_count, batch.updated_count, batch.unchanged_count = _write_activities(
            [d for _, d in inputs], by_id, actor
        )
        batch.save(update_fields=["created_count", "updated_count", "unchanged_count"])
        bump()
    return ImportReport(batch=batch)


def _activities_by_id(
    actor: Any, inputs: list[Any], errors: list[dict[str, Any]], rows: dict[int, int]
) -> dict[int, Any]:
    ids = [d.id for d in inputs if d.id]
    found = {a.pk: a for a in scoped(actor, CommunicationActivity.objects.filter(pk__in=ids))}
    for d in inputs:
        if d.id and d.id not in found:
            errors.append({"row": rows[id(d)], "column": ACTIVITY_HEADER["id"],
                           "message": f"không có hoạt động mã PCMD {d.id} (hoặc bạn không có quyền ghi)"})  # fmt: skip
    return found


def _write_activities(inputs: list[Any], by_id: dict[int, Any], actor: Any) -> tuple[int, int, int]:
    """(created, changed, unchanged): id rows update only their changed values; rows without an id are new
    unless identical in every value to an activity already registered."""
    days = [d.held_on for d in inputs]
    existing: set[tuple[Any, ...]] = set()
    if days:
        for a in CommunicationActivity.objects.filter(held_on__gte=min(days), held_on__lte=max(days)).only(*[
                f"{f}_id" if f in ("unit", "form", "zone", "school") else f for f in COMPARED]):  # fmt: skip
            existing.add(tuple(getattr(a, f"{f}_id") if f in ("unit", "form", "zone", "school") else getattr(a, f)
                               for f in COMPARED))  # fmt: skip
    fresh: list[Any] = []
    changed: list[Any] = []
    touched: set[str] = set()
    same = changed_links = 0
    for d in inputs:
        found = by_id.get(d.id) if d.id else None
        if found is None:
            if _key(d) in existing:
                same += 1
            else:
                fresh.append(d)
            continue
        a = found
        diff = [f for f in COMPARED if getattr(a, f) != getattr(d, f)]
        relinked = {e.pk for e in a.establishments.all()} != {e.pk for e in d.establishments}
        if relinked:
            a.establishments.set(d.establishments)
        if not diff:
            changed_links += relinked
            same += not relinked
            continue
        for f in diff:
            setattr(a, f, getattr(d, f))
        a.updated_by = actor
        touched |= set(diff)
        changed.append(a)
    if changed:
        bulk_update_with_history(
            changed, CommunicationActivity, sorted(touched | {"updated_by"}), default_user=actor
        )
    new = [activity_new(actor, d) for d in fresh]
    bulk_create_with_history(new, CommunicationActivity, batch_size=1000, default_user=actor)
    through = CommunicationActivity.establishments.through
    through.objects.bulk_create([through(communicationactivity_id=a.pk, establishment_id=e.pk)
                                 for a, d in zip(new, fresh, strict=True) for e in d.establishments])  # fmt: skip
    return len(new), len(changed) + changed_links, same


def export_activities(rows: Iterable[CommunicationActivity]) -> IO[bytes]:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Hoạt động tuyên truyền")
    ws.append([h for _, h, _ in ACTIVITY_COLUMNS] + ["Tên xã, phường"])
    for a in rows:
        ws.append(xlsx_row(ws, [a.held_on.strftime("%d/%m/%Y"), a.unit.code, a.form.name, a.get_target_group_display(),
                   a.title, a.participants_male, a.participants_female, a.materials, a.zone.name if a.zone else "",
                   a.school.name if a.school else "", "; ".join(e.registration_number or e.name for e in a.establishments.all()),
                   a.pk, a.unit.name]))  # fmt: skip
    out = tempfile.TemporaryFile()  # noqa: SIM115 - the caller (FileResponse) closes it
    wb.save(out)
    out.seek(0)
    return out


def participants_template(course: Course) -> Workbook:
    wb = template("Học viên", PARTICIPANT_COLUMNS, ["CB00012", "Nguyễn Văn An"])
    ws = wb.create_sheet("Lớp")
    ws.append(["Lớp", course.title])
    ws.append(["Thời gian", f"{course.starts_on:%d/%m/%Y} – {course.ends_on:%d/%m/%Y}"])
    return wb


CODE = re.compile(r"^CB0*(\d+)$", re.IGNORECASE)


def import_participants(*, path: Path, original_name: str, actor: Any, course: Course) -> ImportReport:
    """Participants of one course, each by roster code: refused whole when a code is not on the roster (or not
    in the user's scope), the name does not match, the official did not work on the program during the course,
    or is listed twice."""
    require_write(actor, course.unit, "học viên")
    rows, errors = read_all(path, PARTICIPANT_COLUMNS)
    ids = {int(m.group(1)) for _, v in rows if (m := CODE.match(cell_text(v.get("code"))))}
    roster = {o.pk: o for o in scoped(actor, Official.objects.filter(pk__in=ids))}
    taken = set(course.participations.values_list("official_id", flat=True))
    chosen: list[Official] = []
    first_row: dict[int, int] = {}
    for n, v in rows:
        code = cell_text(v.get("code"))
        m = CODE.match(code)
        official = roster.get(int(m.group(1))) if m else None
        if official is None:
            errors.append({"row": n, "column": "Mã cán bộ",
                           "message": f"mã «{code}» không có trong danh sách cán bộ làm công tác phòng, chống mại dâm"})  # fmt: skip
            continue
        name = cell_text(v.get("full_name"))
        if name and normalise(name) != normalise(official.full_name):
            errors.append({"row": n, "column": "Họ và tên",
                           "message": f"mã {official.code} là của «{official.full_name}», không phải «{name}»"})  # fmt: skip
            continue
        if official.pk in first_row:
            errors.append(
                {"row": n, "column": "Mã cán bộ", "message": f"trùng với dòng {first_row[official.pk]}"}
            )
            continue
        first_row[official.pk] = n
        problem = participant_problem(course, official, taken)
        if problem:
            errors.append({"row": n, "column": "Mã cán bộ", "message": problem})
            continue
        chosen.append(official)
    with transaction.atomic():
        batch = keep(kind="participants", path=path, original_name=original_name, actor=actor, rows=len(rows),
                     errors=errors)  # fmt: skip
        if errors:
            return ImportReport(batch=batch, errors=batch.errors)
        new = [Participation(course=course, official=o, created_by=actor, updated_by=actor) for o in chosen]
        bulk_create_with_history(new, Participation, default_user=actor)
        batch.created_count = len(new)
        batch.save(update_fields=["created_count"])
        bump()
    return ImportReport(batch=batch)


ROSTER_COLUMNS = [
    ("full_name", "Họ và tên", True),
    ("unit", "Mã đơn vị (tỉnh, huyện, xã)", True),
    ("agency", "Mã cơ quan", False),
    ("position", "Chức vụ", False),
    ("active_from", "Làm công tác từ ngày", True),
    ("active_to", "Đến ngày", False),
]
ROSTER_HEADER = {f: h for f, h, _ in ROSTER_COLUMNS}


def roster_template() -> Workbook:
    wb = template(
        "Cán bộ",
        ROSTER_COLUMNS,
        ["Nguyễn Thị Hoa", "32002", "", "Công chức Văn hóa - Xã hội", "01/07/2025", ""],
    )
    agencies = wb.create_sheet("Cơ quan")
    agencies.append(["Mã", "Tên"])
    for a in Agency.objects.order_by("code"):
        agencies.append([a.code, a.name])
    return wb


def _roster_row(values: dict[str, Any], units: UnitsByCode, agencies: dict[str, Agency]) -> tuple[Any, list]:
    errs: list[tuple[str, str]] = []
    parsed: dict[str, Any] = {}
    for f, _, required in ROSTER_COLUMNS:
        raw = values.get(f)
        if required and cell_text(raw) == "":
            errs.append((f, "không được để trống"))
            continue
        try:
            if f in ("active_from", "active_to"):
                parsed[f] = cell_date(raw)
            elif f == "agency":
                code = cell_text(raw)
                if code and code not in agencies:
                    raise ValueError(f"không có cơ quan mã «{code}» (xem trang «Cơ quan» của tệp mẫu)")
                parsed[f] = agencies.get(code)
            elif f != "unit":
                parsed[f] = cell_text(raw)
        except ValueError as exc:
            errs.append((f, str(exc)))
    if parsed.get("active_from") and not any(f == "unit" for f, _ in errs):
        try:
            parsed["unit"] = units.on(cell_text(values.get("unit")), parsed["active_from"])
        except ValueError as exc:
            errs.append(("unit", str(exc)))
    if errs:
        return None, errs
    data = OfficialInput(**parsed)
    errs.extend((e.field or "full_name", e.message) for e in validate_official(data))
    return (None if errs else data), errs


def import_roster(*, path: Path, original_name: str, actor: Any) -> ImportReport:
    """The first load of the roster (or a yearly update): every row checked like the form, the user's scope
    included; one bad row refuses the file. A person already listed in the same unit from the same day is not
    written twice."""
    units = UnitsByCode(province="96", levels=("province", "district", "commune"))
    agencies = {a.code: a for a in Agency.objects.all()}
    scope = scope_for(actor, roles=WRITERS)
    rows, errors = read_all(path, ROSTER_COLUMNS)
    inputs: list[tuple[int, OfficialInput]] = []
    for n, values in rows:
        data, errs = _roster_row(values, units, agencies)
        if data is not None and not scope.covers(data.unit):
            errs.append(("unit", f"bạn không có quyền ghi danh sách cán bộ của {data.unit.name}"))
            data = None
        errors.extend({"row": n, "column": ROSTER_HEADER.get(f, f), "message": m} for f, m in errs)
        if data is not None:
            inputs.append((n, data))
    key = lambda d: (d.full_name.strip(), d.unit.pk, d.active_from)  # noqa: E731 - Hòa and Hoa are two people
    seen: dict[tuple[Any, ...], int] = {}
    for n, d in inputs:
        if key(d) in seen:
            errors.append(
                {"row": n, "column": ROSTER_HEADER["full_name"], "message": f"trùng với dòng {seen[key(d)]}"}
            )
        seen.setdefault(key(d), n)
    with transaction.atomic():
        batch = keep(kind="roster", path=path, original_name=original_name, actor=actor, rows=len(rows),
                     errors=errors)  # fmt: skip
        if errors:
            return ImportReport(batch=batch, errors=batch.errors)
        existing = {(o.full_name.strip(), o.unit_id, o.active_from) for o in Official.objects.only(
            "full_name", "unit_id", "active_from")}  # fmt: skip
        new = [Official(created_by=actor, updated_by=actor, **{**d.__dict__, "full_name": d.full_name.strip()})
               for _, d in inputs if key(d) not in existing]  # fmt: skip
        bulk_create_with_history(new, Official, batch_size=1000, default_user=actor)
        batch.created_count, batch.unchanged_count = len(new), len(inputs) - len(new)
        batch.save(update_fields=["created_count", "unchanged_count"])
        bump()
    return ImportReport(batch=batch)
