from copy import copy
from typing import Any

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pcmd.core.errors import PcmdError
from pcmd.tips.models import ClockRule
from pcmd.tips.rules import rule_check

NOT_NEGATIVE = {"min_value": "Không được âm: thời hạn luật định luôn là một số dương."}


class ClockRuleForm(forms.ModelForm):
    class Meta:
        model = ClockRule
        fields = ["kind", "effective_from", "legal_basis", "confidence", "starts_on", "accept_limit", "accept_count",
                  "accept_basis", "limit", "limit_count", "remote_limit", "steps", "suspension_allowed",
                  "suspension_basis", "suspension_approver", "resume_limit", "resume_count", "resume_confidence",
                  "roll_days", "roll_months", "roll_basis", "roll_confidence", "note"]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("limit", "accept_limit", "remote_limit", "resume_limit"):
            self.fields[name].error_messages.update(NOT_NEGATIVE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        candidate = copy(self.instance)
        for k, v in data.items():
            setattr(candidate, k, v)
        try:
            rule_check(rule=candidate)
        except PcmdError as exc:
            raise forms.ValidationError(
                {exc.field if exc.field in self.fields else "__all__": exc.message}
            ) from exc
        return data


@admin.register(ClockRule)
class ClockRuleAdmin(SimpleHistoryAdmin):
    form = ClockRuleForm
    list_display = ["kind", "effective_from", "limit", "limit_count", "remote_limit", "confidence"]
    list_filter = ["kind"]


# Tips themselves are not in the admin: the reporter's identity is reachable only through the tip page's checks.
