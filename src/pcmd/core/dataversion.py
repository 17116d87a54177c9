"""The version of the records figures are computed from (one row, bumped on every relevant write)."""

from __future__ import annotations

from django.db.models import F

RECORDS = "records"


def bump(key: str = RECORDS) -> None:
    from pcmd.core.models import DataVersion

    if not DataVersion.objects.filter(key=key).update(version=F("version") + 1):
        DataVersion.objects.get_or_create(key=key, defaults={"version": 1})


def current(key: str = RECORDS) -> int:
    from pcmd.core.models import DataVersion

    row = DataVersion.objects.filter(key=key).values_list("version", flat=True).first()
    return int(row or 0)
