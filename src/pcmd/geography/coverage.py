"""Data coverage: from which day PCMD holds each unit's records (reads and writes of `Coverage`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pcmd.core.errors import PcmdError
from pcmd.geography.errors import UnitError
from pcmd.geography.models import AdminUnit, Coverage, UnitLineage
from pcmd.geography.selectors import unit_at


def coverage_map() -> dict[int, date]:
    """{unit id: first day its records are held} for the units not covered since they exist (one query)."""
    return dict(Coverage.objects.values_list("unit_id", "covered_from"))


def coverage_list() -> list[Coverage]:
    return list(Coverage.objects.select_related("unit").order_by("unit__path"))


def _unit(code: str, on: date) -> AdminUnit:
    try:
        return unit_at(code=code, on=on)
    except UnitError as exc:
        raise PcmdError(str(exc), field="unit") from exc


def coverage_set(*, actor: Any, code: str, on: date, covered_from: date, source: str = "") -> Coverage:
    """Set the day from which the records of the unit with `code` (valid on `on`) are held; nothing saved and a
    Vietnamese message naming the field when the day lies outside the unit's validity."""
    unit = _unit(code, on)
    row = Coverage.objects.filter(unit=unit).first() or Coverage(unit=unit)
    row.covered_from, row.source = covered_from, source or row.source
    try:
        row.full_clean()
    except ValidationError as exc:
        raise PcmdError(
            " ".join(exc.message_dict.get("covered_from", exc.messages)), field="covered_from"
        ) from exc
    with transaction.atomic():
        row.save()
    return row


def coverage_clear(*, actor: Any, code: str, on: date) -> bool:
    """All records of the unit are held (its history was imported): remove its coverage row."""
    unit = _unit(code, on)
    deleted, _ = Coverage.objects.filter(unit=unit).delete()
    return bool(deleted)


def coverage_seed(*, province: AdminUnit) -> int:
    """Units of the province formed (even in part) from units of another province are covered from the day they
    joined: PCMD holds only the records kept in the province itself. Rows already present are kept."""
    prefix = f"/{province.code}/"
    joined = (
        UnitLineage.objects.filter(new__path__startswith=prefix)
        .exclude(old__path__startswith=prefix)
        .exclude(old__level="province")
        .values_list("new_id", "new__valid_from")
        .distinct()
        .order_by()
    )
    have = set(Coverage.objects.values_list("unit_id", flat=True))
    rows = [Coverage(unit_id=uid, covered_from=start, source="Đơn vị từ tỉnh khác sáp nhập: chưa nhập số liệu trước "
                     "ngày sáp nhập") for uid, start in dict(joined).items() if uid not in have]  # fmt: skip
    Coverage.objects.bulk_create(rows)
    return len(rows)
