"""A record's history for its page: who changed what, when (one query; values shown as entered)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass
class Change:
    when: datetime
    who: str
    kind: str  # "Tạo mới" | "Sửa" | "Xóa"
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (label, before, after)


KINDS = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}
SKIP = {"version", "updated_at", "created_at", "updated_by", "created_by"}


def show(v: Any) -> str:
    """A stored value as a Vietnamese reader sees it in a history or a preview."""
    if v is None or v == "":
        return "—"
    if isinstance(v, bool):
        return "có" if v else "không"
    if isinstance(v, date):
        return f"{v:%d/%m/%Y}"
    return str(v)


def changes(obj: Any, limit: int = 30) -> list[Change]:
    rows = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    out: list[Change] = []
    for newer, older in zip(rows, [*rows[1:], None], strict=False):
        if len(out) == limit:
            break
        user = newer.history_user
        c = Change(newer.history_date, (getattr(user, "full_name", "") or str(user)) if user else "hệ thống",
                   KINDS.get(newer.history_type, newer.history_type))  # fmt: skip
        if older is not None and newer.history_type == "~":
            for d in newer.diff_against(older).changes:
                if d.field in SKIP:
                    continue
                f = obj._meta.get_field(d.field)
                if f.is_relation:
                    c.fields.append((str(f.verbose_name), "(đã đổi)", "(đã đổi)"))
                else:
                    c.fields.append((str(f.verbose_name), show(d.old), show(d.new)))
        out.append(c)
    return out
