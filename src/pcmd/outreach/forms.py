from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from pcmd.core.forms import DATE, NUMBER, REQUIRED, date_input
from pcmd.geography.models import AdminUnit
from pcmd.geography.selectors import units_valid_on
from pcmd.outreach.models import ActivityForm, CommunicationActivity, PressItem


class ActivityRecordForm(forms.Form):
    held_on = forms.DateField(label="Ngày tổ chức", widget=date_input(),
                              error_messages=DATE)  # fmt: skip
    unit = forms.ModelChoiceField(AdminUnit.objects.none(), label="Xã, phường", error_messages=REQUIRED)
    form = forms.ModelChoiceField(
        ActivityForm.objects.filter(active=True), label="Hình thức", error_messages=REQUIRED
    )
    target_group = forms.ChoiceField(label="Đối tượng", choices=CommunicationActivity.TargetGroup.choices)
    title = forms.CharField(label="Nội dung", max_length=255, error_messages=REQUIRED)
    participants_male = forms.IntegerField(
        label="Người tham dự: nam", min_value=0, initial=0, error_messages=NUMBER
    )
    participants_female = forms.IntegerField(
        label="Người tham dự: nữ", min_value=0, initial=0, error_messages=NUMBER
    )
    materials = forms.IntegerField(label="Tài liệu phát ra", min_value=0, initial=0, error_messages=NUMBER)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = units_valid_on(on=timezone.localdate(), level="commune", province="96").order_by("name")
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = qs


class PressItemForm(forms.Form):
    outlet = forms.ChoiceField(label="Cơ quan báo chí", choices=PressItem.Outlet.choices)
    published_on = forms.DateField(label="Ngày đăng, phát", widget=date_input(),
                                   error_messages=DATE)  # fmt: skip
    title = forms.CharField(label="Tiêu đề", max_length=255, error_messages=REQUIRED)
    link = forms.URLField(
        label="Đường dẫn", required=False, error_messages={"invalid": "Đường dẫn không hợp lệ."}
    )
    kind = forms.CharField(label="Thể loại", required=False, max_length=60)
