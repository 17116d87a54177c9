"""Vietnamese error messages and widgets every app's forms share."""

from __future__ import annotations

from django import forms

REQUIRED = {"required": "Trường này không được để trống.", "invalid": "Giá trị không hợp lệ."}
DATE = {"required": "Hãy nhập ngày.", "invalid": "Ngày không hợp lệ."}
NUMBER = {"invalid": "Phải là một số.", "min_value": "Không được nhỏ hơn %(limit_value)s."}


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
