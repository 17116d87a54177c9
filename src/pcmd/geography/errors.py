from __future__ import annotations

from datetime import date


class UnitError(ValueError):
    """A unit code or date that does not resolve; the message is Vietnamese and names the field."""


def unknown_unit(code: str, field: str = "đơn vị") -> UnitError:
    return UnitError(f"Trường «{field}»: không có đơn vị hành chính mã «{code}».")


def not_valid_on(name: str, code: str, d: date, field: str = "đơn vị") -> UnitError:
    return UnitError(
        f"Trường «{field}»: đơn vị «{name}» (mã {code}) không còn hoặc chưa có hiệu lực vào ngày {d:%d/%m/%Y}."
    )
