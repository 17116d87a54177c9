"""Establishments from Excel: a plan first (new, changed field by field, unchanged, conflicts, refusals), written
only when confirmed. A blank cell or an absent column keeps the stored value; «(xóa)» clears an optional one.
Identity: the PCMD id an export carries, else the registration number, else name + address in the commune.
Every row is checked against the user's write scope with the forms' policy, on the row's date."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from pcmd.core.dataversion import bump
from pcmd.core.errors import Forbidden, PcmdError
from pcmd.core.history import show
from pcmd.core.text import normalise
from pcmd.core.xlsx import (
    INT_MAX,
    cell_date,
    cell_int,
    cell_text,
    is_blank,
    is_clear,
    max_lengths,
    read_all,
)
from pcmd.establishments.models import BusinessType, Establishment, EstablishmentHome
from pcmd.establishments.policies import can_write, has_write_role
from pcmd.establishments.services import HOME_START, EstablishmentInput, move_home, validate_establishment
from pcmd.geography.models import AdminUnit
from pcmd.geography.selectors import UnitsByCode

SHEET = "Cơ sở kinh doanh"
COLUMNS: list[tuple[str, str, bool]] = [  # (field, header, required)
    ("name", "Tên cơ sở", True),
    ("business_type", "Loại hình", True),
    ("unit", "Mã xã, phường", True),
    ("address", "Địa chỉ", True),
    ("registration_number", "Mã số doanh nghiệp / hộ kinh doanh", False),
    ("licence_number", "Số giấy phép", False),
    ("licence_date", "Ngày cấp giấy phép", False),
    ("owner_name", "Chủ cơ sở", False),
    ("phone", "Điện thoại", False),
    ("total_workers", "Tổng số lao động", False),
    ("female_workers", "Lao động nữ", False),
    ("has_minor_workers", "Có lao động dưới 18 tuổi (có/không)", False),
    ("commitment_signed_on", "Ngày ký cam kết", False),
    ("status", "Tình trạng", False),
    ("opened_on", "Hoạt động từ ngày", True),
    ("closed_on", "Đóng cửa từ ngày", False),
    ("notes", "Ghi chú", False),
    ("moved_on", "Chuyển về xã này từ ngày", False),
    ("id", "Mã PCMD (không sửa)", False),
]
HEADER = {f: h for f, h, _ in COLUMNS}
NEEDED_FOR_NEW = ("name", "business_type", "unit", "address", "opened_on")
IDENTITY = ("name", "address", "unit")
DATES = ("licence_date", "commitment_signed_on", "opened_on", "closed_on", "moved_on")
INTS = ("total_workers", "female_workers")
EMPTY: dict[str, Any] = {"licence_date": None, "commitment_signed_on": None, "closed_on": None,
                         "total_workers": 0, "female_workers": 0, "has_minor_workers": False}  # fmt: skip
LENGTHS = max_lengths(Establishment, [f for f, _, _ in COLUMNS])
STATUS_BY_LABEL = {normalise(label): value for value, label in Establishment.Status.choices}
YES = {"co", "x", "1", "true", "yes", "đung"}
NO = {"khong", "0", "false", "no", "sai"}
INPUT_FIELDS = [f.name for f in fields(EstablishmentInput)]
CLEARABLE = {f for f in INPUT_FIELDS if f not in (*NEEDED_FOR_NEW, "status")}


def _marks(text: str) -> bool:
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", text)) or "đ" in text.lower()


def stripped_of(file_text: str, stored: str) -> bool:
    """The file's text is the stored text with its accents lost ("Toc Thuy" for "Tóc Thủy")."""
    return normalise(file_text) == normalise(stored) and not _marks(file_text) and _marks(stored)


class _Lookups:
    def __init__(self, today: date) -> None:
        self.types: dict[str, BusinessType] = {}
        for t in BusinessType.objects.all():
            self.types[t.code] = self.types[normalise(t.name)] = t
        self.units = UnitsByCode()
        self.today = today
        self.by_id: dict[int, Establishment] = {}
        self.by_reg: dict[str, Establishment] = {}
        self.by_key: dict[tuple[str, str, int], Establishment] = {}
        self.by_name: dict[tuple[str, int], list[Establishment]] = {}
        for e in Establishment.objects.select_related("unit", "business_type"):
            self.by_id[e.pk] = e
            if e.registration_number:
                self.by_reg[e.registration_number] = e
            self.by_key[(e.name_normalised, e.address_normalised, e.unit_id)] = e
            self.by_name.setdefault((e.name_normalised, e.unit_id), []).append(e)


def _cell(f: str, raw: Any, lk: _Lookups) -> Any:
    """One present, non-blank cell to its value; ValueError with the Vietnamese reason."""
    if f in DATES:
        return cell_date(raw, today=lk.today)
    if f in INTS:
        return cell_int(raw, max_value=INT_MAX)
    if f == "id":
        return cell_int(raw)
    if f == "has_minor_workers":
        if isinstance(raw, bool):
            return raw
        t = normalise(cell_text(raw))
        if t not in YES | NO:
            raise ValueError("ghi «có» hoặc «không»")
        return t in YES
    if f == "business_type":
        bt = lk.types.get(cell_text(raw)) or lk.types.get(normalise(cell_text(raw)))
        if bt is None:
            raise ValueError(f"không có loại hình «{cell_text(raw)}» (xem trang «Loại hình» của tệp mẫu)")
        return bt
    if f == "status":
        s = cell_text(raw)
        value = STATUS_BY_LABEL.get(normalise(s), s)
        if value not in Establishment.Status.values:
            raise ValueError(f"tình trạng «{s}» không hợp lệ (Đang hoạt động, Tạm ngừng, Đã đóng cửa)")
        return value
    if isinstance(raw, bool):
        raise ValueError("ô chứa giá trị đúng/sai (TRUE/FALSE), không phải văn bản")
    return cell_text(raw, max_length=LENGTHS.get(f))


@dataclass
class Item:
    """What one row of the file would do."""

    row: int
    kind: str  # "new" | "change" | "same" | "conflict"
    data: EstablishmentInput | None = None  # the record after the row (stored values where the file is blank)
    target: Establishment | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    moved_on: date | None = None
    conflict: str = ""
    conflict_creates: bool = False  # "take the file's" makes a new record (another registration number)


@dataclass
class Plan:
    items: list[Item] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    rows: int = 0

    def count(self, kind: str) -> int:
        return sum(1 for i in self.items if i.kind == kind)


def _show(v: Any) -> str:
    """`core.history.show`, plus the registry's own values (units, types, statuses) by name."""
    if isinstance(v, AdminUnit):
        return f"{v.name} ({v.code})"
    if isinstance(v, BusinessType):
        return v.name
    if isinstance(v, str) and v in Establishment.Status.values:
        return str(Establishment.Status(v).label)
    return show(v)


def _stored(e: Establishment) -> dict[str, Any]:
    return {f: getattr(e, f) for f in INPUT_FIELDS}


def _patch(values: dict[str, Any], lk: _Lookups) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The present, non-blank cells as values (the clearing marker as the empty value)."""
    errs: list[tuple[str, str]] = []
    patch: dict[str, Any] = {}
    for f, raw in values.items():
        if is_blank(raw) or f == "unit":
            continue
        if is_clear(raw):
            if f in CLEARABLE:
                patch[f] = EMPTY.get(f, "")
            else:
                errs.append((f, f"không xóa được cột «{HEADER[f]}» (cột bắt buộc hoặc khóa)"))
            continue
        try:
            patch[f] = _cell(f, raw, lk)
        except ValueError as exc:
            errs.append((f, str(exc)))
    return patch, errs


def _row(
    n: int, values: dict[str, Any], lk: _Lookups, actor: Any
) -> tuple[Item | None, list[tuple[str, str]]]:
    patch, errs = _patch(values, lk)
    if errs:
        return None, errs
    on = patch.get("moved_on") or patch.get("closed_on") or lk.today
    code = cell_text(values.get("unit"))
    if code:
        try:
            patch["unit"] = lk.units.on(code, on)
        except ValueError as exc:
            known = lk.by_id.get(patch.get("id") or 0)
            if known is None or known.unit.code != code:  # an export row keeps its (ended) commune as it is
                return None, [("unit", str(exc))]
            patch["unit"] = known.unit
    rid, moved_on = patch.pop("id", None), patch.pop("moved_on", None)
    item = _match(n, patch, rid, lk)
    if item is None:
        return None, [("id", f"không có cơ sở mã PCMD {rid} (hoặc bạn không có quyền ghi)")]
    item.moved_on = moved_on
    if item.target is None:
        missing = [f for f in NEEDED_FOR_NEW if f not in patch]
        if missing:
            return None, [(f, "không được để trống (cơ sở mới)") for f in missing]
    errs = _merge(item, patch, lk) + _scope(item, actor, lk)
    if errs:
        return None, errs
    if item.target is not None and item.kind != "conflict":
        _classify(item)
    return item, []


def _merge(item: Item, patch: dict[str, Any], lk: _Lookups) -> list[tuple[str, str]]:
    """The record after the row: stored values where the file is blank; its one-record rules checked."""
    base = _stored(item.target) if item.target is not None else {}
    merged = {**base, **{k: v for k, v in patch.items() if k in INPUT_FIELDS}}
    if item.target is not None:
        for f in ("name", "address", "owner_name", "notes"):  # accent-stripped text never replaces accented
            if f in patch and (stripped_of(patch[f], base[f]) or patch[f] == base[f].strip()):
                merged[f] = base[f]  # (the reader trims cells: stored surrounding spaces are no change)
        item.changes = {f: (base[f], merged[f]) for f in patch if f in INPUT_FIELDS and merged[f] != base[f]}
    item.data = EstablishmentInput(**merged)
    problems = validate_establishment(item.data, today=lk.today)
    if item.target is not None:  # rules on values the file leaves as stored are not this file's business
        touched = set(item.changes) | {"female_workers", "closed_on"}
        problems = [p for p in problems if (p.field or "name") in touched]
    return [(p.field or "name", p.message) for p in problems]


def _match(n: int, patch: dict[str, Any], rid: int | None, lk: _Lookups) -> Item | None:
    if rid is not None:
        e = lk.by_id.get(rid)
        return Item(n, "change", target=e) if e is not None else None
    reg = patch.get("registration_number") or ""
    if reg and reg in lk.by_reg:
        return Item(n, "change", target=lk.by_reg[reg])
    name, address = normalise(patch.get("name")), normalise(patch.get("address"))
    unit = patch.get("unit")
    if unit is not None and name:
        e = lk.by_key.get((name, address, unit.pk))
        if e is not None and not (reg and e.registration_number and e.registration_number != reg):
            return Item(n, "change", target=e)
        others = [
            x
            for x in lk.by_name.get((name, unit.pk), [])
            if x.registration_number and x.registration_number != reg
        ]
        if reg and others:
            x = others[0]
            return Item(n, "conflict", target=x, conflict_creates=True,
                        conflict=f"cùng tên với cơ sở «{x.name}» ({x.address}) có mã số khác "
                                 f"«{x.registration_number}»: nhận là cơ sở mới, hay bỏ qua dòng này?")  # fmt: skip
    return Item(n, "new")


def _classify(item: Item) -> None:
    """A change that touches identity (another name, address or commune) is a conflict unless it is a dated
    move; accented spellings that differ (Thúy / Thủy) are different names."""
    e, ch = item.target, item.changes
    assert e is not None
    reasons = []
    if "name" in ch:
        reasons.append("tên khác")
    if "address" in ch:
        reasons.append("địa chỉ khác")
    if "unit" in ch and item.moved_on is None:
        reasons.append("xã, phường khác (ghi «Chuyển về xã này từ ngày» nếu cơ sở chuyển địa bàn)")
    if reasons:
        item.kind = "conflict"
        item.conflict = "khớp cơ sở đã có nhưng " + ", ".join(reasons)
    elif not ch and item.moved_on is None:
        item.kind = "same"


def _scope(item: Item, actor: Any, lk: _Lookups) -> list[tuple[str, str]]:
    assert item.data is not None
    on = item.moved_on or lk.today
    units = [item.data.unit] + ([item.target.unit] if item.target is not None else [])
    for u in units:
        if not can_write(actor, u, on=on):
            return [("unit", f"bạn không có quyền ghi dữ liệu cơ sở kinh doanh của {u.name}")]
    if item.moved_on is not None:
        if item.target is None:
            return [("moved_on", "chỉ ghi ngày chuyển khi cơ sở đã có trong hệ thống")]
        if item.data.unit == item.target.unit and "unit" not in item.changes:
            item.moved_on = None  # already there: nothing to move
        elif item.moved_on <= item.target.opened_on:
            return [
                (
                    "moved_on",
                    f"ngày chuyển phải sau ngày cơ sở bắt đầu hoạt động ({item.target.opened_on:%d/%m/%Y})",
                )
            ]
    return []


def _duplicates(items: list[Item]) -> list[dict[str, Any]]:
    seen: dict[Any, int] = {}
    errors = []
    for it in items:
        assert it.data is not None
        keys: list[tuple[Any, ...]] = (
            [("t", it.target.pk)] if it.target is not None and not it.conflict_creates else []
        )
        if it.data.registration_number:
            keys.append(("r", it.data.registration_number))
        keys.append(("k", normalise(it.data.name), normalise(it.data.address), it.data.unit.pk))
        for k in keys:
            if k in seen:
                errors.append({"row": it.row, "column": HEADER["name"],
                               "message": f"cùng cơ sở với dòng {seen[k]}"})  # fmt: skip
                break
        for k in keys:
            seen.setdefault(k, it.row)
    return errors


def plan_establishments(*, path: Path, actor: Any, today: date | None = None) -> Plan:
    """Read and check the whole file; nothing is written. Forbidden for a user who may not write any
    establishment."""
    today = today or timezone.localdate()
    if not has_write_role(actor, on=today):
        raise Forbidden("Vai trò của bạn không được nhập cơ sở kinh doanh.")
    lk = _Lookups(today)
    plan = Plan()
    rows, plan.errors = read_all(path, COLUMNS, SHEET)
    plan.rows = len(rows)
    for n, values in rows:
        item, errs = _row(n, values, lk, actor)
        plan.errors.extend({"row": n, "column": HEADER.get(f, f), "message": m} for f, m in errs)
        if item is not None:
            plan.items.append(item)
    plan.errors.extend(_duplicates(plan.items))
    plan.errors.sort(key=lambda e: e["row"])
    return plan


def summary(plan: Plan, limit: int = 500) -> dict[str, Any]:
    """The preview as JSON: counts, then rows (new, changes old → new, conflicts side by side)."""

    def unit_of(it: Item) -> str:
        return _show(it.data.unit) if it.data else ""

    out: dict[str, Any] = {
        "new": plan.count("new"), "changed": plan.count("change"), "same": plan.count("same"),
        "conflicts": plan.count("conflict"), "refused": len({e["row"] for e in plan.errors}), "rows": plan.rows,
        "new_rows": [], "changed_rows": [], "conflict_rows": [],
    }  # fmt: skip
    for it in plan.items:
        if it.kind == "new" and len(out["new_rows"]) < limit:
            out["new_rows"].append(
                {"row": it.row, "name": it.data.name if it.data else "", "unit": unit_of(it)}
            )
        elif it.kind == "change" and len(out["changed_rows"]) < limit:
            assert it.target is not None
            fields_ = [[HEADER[f], _show(old), _show(new)] for f, (old, new) in it.changes.items()]
            if it.moved_on:
                fields_.append([HEADER["moved_on"], "—", _show(it.moved_on)])
            out["changed_rows"].append(
                {"row": it.row, "id": it.target.pk, "name": it.target.name, "fields": fields_}
            )
        elif it.kind == "conflict":
            assert it.target is not None and it.data is not None
            stored, file = _stored(it.target), it.data.__dict__
            cols = [[HEADER[f], _show(stored[f]), _show(file[f]), f in it.changes or (it.conflict_creates and f in (*IDENTITY, "registration_number"))]
                    for f in ("name", "address", "unit", "registration_number", "owner_name", "opened_on")]  # fmt: skip
            out["conflict_rows"].append({"row": it.row, "id": it.target.pk, "reason": it.conflict, "columns": cols,
                                         "creates": it.conflict_creates})  # fmt: skip
    return out


KEEP, TAKE = "keep", "take"


def apply_establishments(
    *, plan: Plan, actor: Any, resolutions: dict[int, str], today: date | None = None
) -> tuple[int, int, int]:
    """Write a checked plan: (created, changed, unchanged). Each conflict needs a resolution by row number:
    «keep» leaves the stored record as it is, «take» writes the file's row (a new record when the conflict
    is another registration number)."""
    today = today or timezone.localdate()
    if plan.errors:
        raise PcmdError("Tệp còn dòng bị từ chối: không ghi dòng nào.")
    open_conflicts = [
        it.row for it in plan.items if it.kind == "conflict" and resolutions.get(it.row) not in (KEEP, TAKE)
    ]
    if open_conflicts:
        raise PcmdError(
            "Hãy chọn cách xử lý cho các dòng xung đột: " + ", ".join(map(str, open_conflicts[:20]))
        )
    new: list[Item] = []
    changed: list[Item] = []
    same = 0
    for it in plan.items:
        kind = it.kind
        if kind == "conflict":
            if resolutions[it.row] == KEEP:
                same += 1
                continue
            kind = "new" if it.conflict_creates else "change"
        if kind == "new":
            new.append(it)
        elif kind == "change":
            changed.append(it)
        else:
            same += 1
    with transaction.atomic():
        _write(new, changed, actor, today)
        if new or changed:
            bump()
    return len(new), len(changed), same


def _write(new: list[Item], changed: list[Item], actor: Any, today: date) -> None:
    touched: set[str] = set()
    records: list[Establishment] = []
    for it in changed:
        e, d = it.target, it.data
        assert e is not None and d is not None
        for f in it.changes:
            setattr(e, f, getattr(d, f))
            touched.add(f)
        if "name" in it.changes or "address" in it.changes:
            e.name_normalised, e.address_normalised = normalise(e.name), normalise(e.address)
            touched |= {"name_normalised", "address_normalised"}
        if "unit" in it.changes:
            move_home(e, d.unit, it.moved_on or today)
        e.updated_by = actor
        records.append(e)
    if records:
        cols = sorted(
            {("business_type" if f == "business_type" else f) for f in touched} | {"updated_by", "updated_at"}
        )
        now = timezone.now()
        for e in records:
            e.updated_at = now
        bulk_update_with_history(records, Establishment, cols, batch_size=500, default_user=actor)
        Establishment.objects.filter(pk__in=[e.pk for e in records]).update(version=F("version") + 1)
    if new:
        objs = []
        for it in new:
            assert it.data is not None
            e = Establishment(created_by=actor, updated_by=actor)
            for k, v in it.data.__dict__.items():
                setattr(e, k, v)
            e.name_normalised, e.address_normalised = normalise(e.name), normalise(e.address)
            objs.append(e)
        created = bulk_create_with_history(objs, Establishment, batch_size=1000, default_user=actor)
        EstablishmentHome.objects.bulk_create(
            (EstablishmentHome(establishment=e, unit=e.unit, valid_from=HOME_START) for e in created),
            batch_size=2000,
        )
