"""The version of the records figures are computed from (one row, bumped on every relevant write)."""

from __future__ import annotations

from django.db.models import F
from django.db.models.functions import Now

RECORDS = "records"


def bump(key: str = RECORDS) -> None:
    from pcmd.core.models import DataVersion

    if not DataVersion.objects.filter(key=key).update(version=F("version") + 1, changed_at=Now()):
        DataVersion.objects.get_or_create(key=key, defaults={"version": 1})


def stamp(key: str = RECORDS) -> tuple[int, str]:
    """(version, time of the last change): together they identify the records even across a restore."""
    from pcmd.core.models import DataVersion

    row = DataVersion.objects.filter(key=key).values_list("version", "changed_at").first()
    return (int(row[0]), row[1].isoformat()) if row else (0, "")
