from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from pcmd.audit.models import SUPPORT_PURPOSES
from pcmd.core.forms import DATE, PcmdForm, VietnameseForm, date_input
from pcmd.geography.models import AdminUnit
from pcmd.geography.selectors import units_valid_on
from pcmd.support.models import Client, Consent, Need, Provider, Referral


class ClientForm(PcmdForm):
    provider = forms.ModelChoiceField(Provider.objects.none(), label="Đơn vị quản lý")
    first_contact_on = forms.DateField(
        label="Ngày tiếp cận đầu tiên", widget=date_input(), error_messages=DATE
    )
    sex = forms.ChoiceField(label="Giới tính", choices=Client.Sex.choices)
    age_group = forms.ChoiceField(
        label="Nhóm tuổi", choices=[("", "Không rõ"), *Client.AgeGroup.choices], required=False
    )
    birth_year = forms.IntegerField(label="Năm sinh (nếu người được hỗ trợ đồng ý cho biết)", required=False,
                                    error_messages={"invalid": "Phải là một số."})  # fmt: skip
    unit = forms.ModelChoiceField(AdminUnit.objects.none(), label="Xã, phường cư trú", required=False)
    nationality = forms.CharField(label="Quốc tịch", initial="Việt Nam", max_length=40)

    def __init__(self, *args: Any, providers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["provider"]).queryset = providers
        qs = units_valid_on(on=timezone.localdate(), level="commune").order_by("name")
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = qs


class PurposeForm(PcmdForm):
    purpose = forms.ChoiceField(label="Mục đích truy cập", choices=SUPPORT_PURPOSES)


class BreakGlassForm(PcmdForm):
    code = forms.CharField(label="Mã hồ sơ", max_length=12)
    reason = forms.CharField(label="Lý do truy cập khẩn cấp (được ghi nhật ký, kiểm tra viên xem được)",
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class ConsentForm(PcmdForm):
    purpose = forms.ChoiceField(label="Mục đích", choices=Consent.Purpose.choices)
    given_on = forms.DateField(label="Ngày đồng ý", widget=date_input(), error_messages=DATE)
    stated_purpose = forms.CharField(label="Mục đích cụ thể", required=False, max_length=255)


class AssessmentForm(PcmdForm):
    assessed_on = forms.DateField(label="Ngày đánh giá", widget=date_input(), error_messages=DATE)
    needs = forms.MultipleChoiceField(label="Nhu cầu", choices=Need.choices, widget=forms.CheckboxSelectMultiple,
                                      required=False)  # fmt: skip
    eligible = forms.BooleanField(label="Đủ điều kiện hỗ trợ", required=False)
    basis = forms.CharField(label="Căn cứ (ví dụ QĐ 29/2014/QĐ-TTg)", required=False, max_length=255)


class ServiceForm(PcmdForm):
    type = forms.ChoiceField(label="Loại dịch vụ", choices=Need.choices)
    delivered_on = forms.DateField(label="Ngày cung cấp", widget=date_input(), error_messages=DATE)
    outcome = forms.CharField(label="Kết quả", required=False, max_length=255)


class ServiceVoidForm(VietnameseForm):
    reason = forms.CharField(label="Lý do hủy (ví dụ: ghi nhầm hồ sơ, ghi trùng)", max_length=255)


class ReferralForm(PcmdForm):
    to_provider = forms.ModelChoiceField(Provider.objects.order_by("name"), label="Chuyển đến")
    need = forms.ChoiceField(label="Nhu cầu", choices=Need.choices)
    referred_on = forms.DateField(label="Ngày chuyển", widget=date_input(), error_messages=DATE)


class ReferralStatusForm(PcmdForm):
    status = forms.ChoiceField(
        label="Tình trạng", choices=[c for c in Referral.Status.choices if c[0] != "sent"]
    )


class IdentifyingForm(PcmdForm):
    full_name = forms.CharField(label="Họ tên", required=False, max_length=150)
    phone = forms.CharField(label="Điện thoại", required=False, max_length=20)
    id_number = forms.CharField(label="Số định danh", required=False, max_length=20)


class FollowUpForm(PcmdForm):
    due_on = forms.DateField(label="Hạn theo dõi", widget=date_input(), error_messages=DATE)
    note = forms.CharField(label="Nội dung", required=False, max_length=255)


class StaffAddForm(VietnameseForm):
    provider = forms.ModelChoiceField(Provider.objects.none(), label="Đơn vị")
    username = forms.CharField(label="Tên đăng nhập của cán bộ", max_length=150)
    supervisor = forms.BooleanField(
        label="Giám sát chuyên môn (được truy cập khẩn cấp, quản lý cán bộ)", required=False
    )
    valid_from = forms.DateField(label="Được truy cập từ ngày")

    def __init__(self, *args: Any, providers: list[Provider], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["provider"])
        field.queryset = Provider.objects.filter(pk__in=[p.pk for p in providers])
        if len(providers) == 1:
            field.initial = providers[0].pk


class StaffEndForm(VietnameseForm):
    staff = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label="Truy cập đến hết ngày")
    confirm = forms.BooleanField(
        required=False, widget=forms.HiddenInput
    )  # set by the confirmation page only
