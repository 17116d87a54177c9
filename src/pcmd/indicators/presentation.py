"""Vietnamese number formatting for figures: 1.540 ; 20,3 ; "<5" for suppressed cells."""

from __future__ import annotations


def fmt_number(value: float | None, decimals: int = 0, suppressed: bool = False) -> str:
    if suppressed:
        return "<5"
    if value is None:
        return "—"
    text = f"{int(value):,}" if decimals == 0 and float(value).is_integer() else f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def fmt_percent(value: float | None, suppressed: bool = False) -> str:
    text = fmt_number(value, 1, suppressed)
    return text if text in ("—", "<5") else f"{text}%"
