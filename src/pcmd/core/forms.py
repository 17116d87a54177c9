"""What every app's forms share: Vietnamese messages, date pickers, Vietnamese numbers, NFC text, plausible dates
and no preselected required choice."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils import timezone

REQUIRED = {"required": "Trường này không được để trống.", "invalid": "Giá trị không hợp lệ."}
DATE = {"required": "Hãy nhập ngày.", "invalid": "Ngày không hợp lệ."}
NUMBER = {"invalid": "Phải là một số.", "min_value": "Không được nhỏ hơn %(limit_value)s."}
CHOICE = {"required": "Hãy chọn một giá trị.", "invalid_choice": "Lựa chọn không hợp lệ."}
YEAR = {"required": "Hãy nhập năm.", "invalid": "Năm phải là một số.", "min_value": "Năm không hợp lệ.",
        "max_value": "Năm không hợp lệ."}  # fmt: skip
BLANK_CHOICE = ("", "— Chọn —")
EARLIEST_DATE = date(1990, 1, 1)
INT_MAX = 2_147_483_647  # the largest value of an integer column on PostgreSQL


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# --- Vietnamese numbers ------------------------------------------------------------------------------------------
_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_PLAIN = re.compile(r"[0-9]+")
_CURRENCY = re.compile(r"(?:đồng|đ|vnđ|vnd)$", re.IGNORECASE)


def group(n: int) -> str:
    """1540 -> "1.540" (the Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def parse_number(text: str, *, money: bool = False) -> int:
    """A whole number as Vietnamese officials type it: "5.000.000", "5 000 000" and "5000000" are five million.
    A comma is the decimal separator, so "5,5" is refused, as is a dot that does not group thousands ("5.5").
    Raises ValueError with the Vietnamese reason."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if money:
        s = _CURRENCY.sub("", s)
    sign = -1 if s.startswith("-") else 1
    s = s.lstrip("+-")
    if _PLAIN.fullmatch(s):
        return sign * int(s)
    if _GROUPED.fullmatch(s):
        return sign * int(s.replace(".", ""))
    if "," in s and re.fullmatch(r"[0-9.,]+", s):
        if money:
            raise ValueError(f"«{text.strip()}» có phần lẻ sau dấu phẩy: số tiền tính bằng đồng, là số nguyên "
                             "(phân cách hàng nghìn bằng dấu chấm, ví dụ 5.000.000).")  # fmt: skip
        raise ValueError(f"«{text.strip()}» có phần lẻ sau dấu phẩy: hãy nhập số nguyên "
                         "(phân cách hàng nghìn bằng dấu chấm, ví dụ 1.540).")  # fmt: skip
    if re.fullmatch(r"[0-9.]+", s):
        raise ValueError(f"«{text.strip()}»: dấu chấm chỉ dùng để phân cách hàng nghìn (ví dụ 5.000.000).")
    raise ValueError(f"«{text.strip()}» không phải là một số (ví dụ 5.000.000).")


class NumberField(forms.IntegerField):
    """Money or a count: a text input with the numeric keypad, read the Vietnamese way on the server (a browser's
    number input turns "5.000.000" into 5) and shown back grouped ("1.540"). Bounded by the column it fills."""

    widget = forms.TextInput

    def __init__(self, *, money: bool = False, min_value: int | None = 0, max_value: int | None = INT_MAX,
                 **kwargs: Any) -> None:  # fmt: skip
        self.money = money
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)
        self.error_messages.update({
            "required": "Hãy nhập số." if not money else "Hãy nhập số tiền.",
            "min_value": "Không được nhỏ hơn %(limit_value)s.",
            "max_value": f"Không được lớn hơn {group(max_value)}." if max_value is not None else "",
        })  # fmt: skip

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "inputmode": "numeric", "autocomplete": "off"}

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        try:
            return parse_number(str(value), money=self.money)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc

    def prepare_value(self, value: Any) -> Any:
        return group(value) if isinstance(value, int) and not isinstance(value, bool) else value


def money_field(label: str, **kwargs: Any) -> NumberField:
    return NumberField(label=label, money=True, **kwargs)


# --- the base form -----------------------------------------------------------------------------------------------
def nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def latest_date(today: date | None = None) -> date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


class PcmdForm(forms.Form):
    """Every PCMD form: text is read in NFC (a decomposed "Thủy" and a composed one are the same name), a date
    outside 1990 .. one year ahead is refused with the reason, and a required choice has a blank first option so
    nothing is chosen for the user."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = self._nfc_data(self.data)
        for name, f in self.fields.items():
            if not (type(f) in (forms.ChoiceField, forms.TypedChoiceField) and f.required):
                continue
            choices = list(cast(Any, f).choices)
            if (isinstance(f.widget, forms.Select) and name not in self.initial and f.initial is None
                    and all(v != "" for v, _ in choices)):  # fmt: skip
                cast(forms.ChoiceField, f).choices = [BLANK_CHOICE, *choices]

    @staticmethod
    def _nfc_data(data: Any) -> Any:
        if isinstance(data, QueryDict):
            copy = data.copy()
            for key in copy:
                copy.setlist(key, [nfc(v) for v in copy.getlist(key)])
            return copy
        if isinstance(data, dict):
            return {k: [nfc(x) for x in v] if isinstance(v, list) else nfc(v) for k, v in data.items()}
        return data

    def _clean_fields(self) -> None:
        super()._clean_fields()  # type: ignore[misc]
        earliest, latest = EARLIEST_DATE, latest_date()
        for name, f in self.fields.items():
            value = self.cleaned_data.get(name)
            if not isinstance(f, (forms.DateField, forms.DateTimeField)) or value is None:
                continue
            day = value.date() if isinstance(value, datetime) else value
            if not earliest <= day <= latest:
                self.add_error(name, forms.ValidationError(
                    f"Ngày {day:%d/%m/%Y} nằm ngoài khoảng hợp lý (từ {earliest:%d/%m/%Y} đến {latest:%d/%m/%Y}): "
                    "hãy kiểm tra lại năm.", code="implausible_date"))  # fmt: skip


class VietnameseForm(PcmdForm):
    """A form whose fields carry the shared Vietnamese messages and a date picker for dates, so each form only
    declares its fields."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            if isinstance(f, forms.DateField):
                f.error_messages.update(DATE)
                f.widget = date_input()
            elif isinstance(f, NumberField):
                continue
            elif isinstance(f, forms.IntegerField):
                f.error_messages.update({**REQUIRED, **NUMBER})
            elif isinstance(f, (forms.ChoiceField, forms.ModelChoiceField)):
                f.error_messages.update(CHOICE)
            else:
                f.error_messages.update(REQUIRED)


def form_error(form: forms.Form, exc: Exception) -> None:
    """Put a service's refusal on the field it names (or on the form): the user's input stays in place."""
    name = getattr(exc, "field", None)
    form.add_error(name if name in form.fields else None, getattr(exc, "message", str(exc)))
