"""Vietnamese error messages and widgets every app's forms share."""

from __future__ import annotations

from django import forms

REQUIRED = {"required": "Trường này không được để trống.", "invalid": "Giá trị không hợp lệ."}
DATE = {"required": "Hãy nhập ngày.", "invalid": "Ngày không hợp lệ."}
NUMBER = {"invalid": "Phải là một số.", "min_value": "Không được nhỏ hơn %(limit_value)s."}


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


CHOICE = {"required": "Hãy chọn một giá trị.", "invalid_choice": "Lựa chọn không hợp lệ."}
YEAR = {"required": "Hãy nhập năm.", "invalid": "Năm phải là một số.", "min_value": "Năm không hợp lệ.",
        "max_value": "Năm không hợp lệ."}  # fmt: skip


class VietnameseForm(forms.Form):
    """A form whose fields carry the shared Vietnamese messages and a date picker for dates, so each form only
    declares its fields."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            if isinstance(f, forms.DateField):
                f.error_messages.update(DATE)
                f.widget = date_input()
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
