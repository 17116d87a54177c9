"""Forms check shape; the services check the rules. Labels and messages in Vietnamese."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils import timezone

from pcmd.core.forms import NumberField, PcmdForm, VietnameseForm
from pcmd.establishments.models import (
    BusinessType,
    Establishment,
    Inspection,
    InspectionTeam,
    Sanction,
    TeamMember,
    ViolationAct,
)
from pcmd.geography.models import AdminUnit
from pcmd.geography.selectors import units_valid_on

REQUIRED = {"required": "Trường này không được để trống.", "invalid": "Giá trị không hợp lệ."}
DATE = {"required": "Hãy nhập ngày.", "invalid": "Ngày không hợp lệ (dạng ngày/tháng/năm)."}
NUMBER = {
    "required": "Hãy nhập số.",
    "invalid": "Phải là một số.",
    "min_value": "Không được nhỏ hơn %(limit_value)s.",
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kw: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kw)


def commune_choices(on: date | None = None) -> forms.ModelChoiceField:
    qs = units_valid_on(on=on or timezone.localdate(), level="commune").order_by("name")
    return forms.ModelChoiceField(queryset=qs, label="Xã, phường", error_messages=REQUIRED)


class EstablishmentForm(PcmdForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label="Tên cơ sở", max_length=255, error_messages=REQUIRED)
    business_type = forms.ModelChoiceField(BusinessType.objects.filter(active=True), label="Loại hình",
                                           error_messages=REQUIRED)  # fmt: skip
    unit = forms.ModelChoiceField(AdminUnit.objects.none(), label="Xã, phường", error_messages=REQUIRED)
    address = forms.CharField(label="Địa chỉ", max_length=255, error_messages=REQUIRED)
    registration_number = forms.CharField(
        label="Mã số doanh nghiệp / hộ kinh doanh", required=False, max_length=20
    )
    licence_number = forms.CharField(
        label="Số giấy phép kinh doanh có điều kiện", required=False, max_length=60
    )
    licence_date = forms.DateField(
        label="Ngày cấp giấy phép", required=False, widget=DateInput(), error_messages=DATE
    )
    owner_name = forms.CharField(label="Chủ cơ sở", required=False, max_length=150)
    phone = forms.CharField(label="Điện thoại", required=False, max_length=20)
    total_workers = NumberField(label="Tổng số lao động", initial=0)
    female_workers = NumberField(label="Lao động nữ", initial=0)
    has_minor_workers = forms.BooleanField(label="Có lao động dưới 18 tuổi", required=False)
    commitment_signed_on = forms.DateField(label="Ngày ký cam kết với xã", required=False, widget=DateInput(),
                                           error_messages=DATE)  # fmt: skip
    status = forms.ChoiceField(
        label="Tình trạng", choices=Establishment.Status.choices, error_messages=REQUIRED
    )
    opened_on = forms.DateField(label="Hoạt động từ ngày", widget=DateInput(), error_messages=DATE)
    closed_on = forms.DateField(
        label="Đóng cửa từ ngày", required=False, widget=DateInput(), error_messages=DATE
    )
    latitude = forms.DecimalField(
        label="Vĩ độ",
        required=False,
        localize=True,
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
    )
    longitude = forms.DecimalField(
        label="Kinh độ",
        required=False,
        localize=True,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
    )
    notes = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    confirm_duplicate = forms.BooleanField(
        label="Tôi đã kiểm tra: đây không phải cơ sở trùng", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units_valid_on(
            on=timezone.localdate(), level="commune"
        ).order_by("name")


class InspectionForm(PcmdForm):
    team = forms.ModelChoiceField(
        InspectionTeam.objects.none(), label="Đội kiểm tra", error_messages=REQUIRED
    )
    inspected_at = forms.DateTimeField(label="Thời gian kiểm tra", error_messages=DATE,
                                       widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))  # fmt: skip
    record_number = forms.CharField(label="Số biên bản kiểm tra", max_length=40, error_messages=REQUIRED)
    reason = forms.ChoiceField(label="Lý do kiểm tra", choices=Inspection.Reason.choices)
    tip_reference = forms.CharField(label="Số tin báo liên quan (nếu có)", required=False, max_length=40)
    documents_checked = forms.CharField(
        label="Giấy tờ đã kiểm tra", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    findings = forms.CharField(
        label="Nội dung phát hiện", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    result = forms.ChoiceField(label="Kết quả", choices=Inspection.Result.choices)
    members = forms.ModelMultipleChoiceField(
        TeamMember.objects.none(), label="Thành viên có mặt", required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )  # fmt: skip
    attachment = forms.FileField(label="Biên bản, ảnh (PDF, ảnh; tối đa 20 MB)", required=False,
                                 error_messages={"invalid": "Tệp tải lên không hợp lệ.", "empty": "Tệp tải lên rỗng."})  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["team"]).queryset = InspectionTeam.objects.order_by(
            "level", "name"
        )
        members = TeamMember.objects.filter(active=True).select_related("team", "agency")
        cast(forms.ModelMultipleChoiceField, self.fields["members"]).queryset = members.order_by(
            "team__name", "full_name"
        )


class ViolationForm(PcmdForm):
    act = forms.ModelChoiceField(
        ViolationAct.objects.filter(active=True), label="Hành vi vi phạm", error_messages=REQUIRED
    )
    record_number = forms.CharField(
        label="Số biên bản vi phạm hành chính", max_length=40, error_messages=REQUIRED
    )
    description = forms.CharField(label="Mô tả", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    owners = NumberField(label="Số chủ cơ sở, người quản lý", initial=0)
    workers = NumberField(label="Số người lao động", initial=0)
    buyers = NumberField(label="Số người mua dâm", initial=0)
    sellers = NumberField(label="Số người bán dâm", initial=0)
    others = NumberField(label="Số người khác", initial=0)


class SanctionForm(PcmdForm):
    decision_number = forms.CharField(label="Số quyết định xử phạt", max_length=40, error_messages=REQUIRED)
    decided_on = forms.DateField(label="Ngày quyết định", widget=DateInput(), error_messages=DATE)
    authority = forms.CharField(label="Người, cơ quan ra quyết định", max_length=200, error_messages=REQUIRED)
    fine_amount = NumberField(money=True, label="Tiền phạt (đồng)", initial=0)
    licence_suspended_months = NumberField(label="Tước giấy phép (số tháng)", initial=0)
    licence_withdrawn = forms.BooleanField(label="Thu hồi giấy phép", required=False)
    confiscation = forms.CharField(label="Tịch thu", required=False, max_length=255)
    status = forms.ChoiceField(label="Tình trạng", choices=Sanction.Status.choices)
    paid_on = forms.DateField(label="Ngày nộp phạt", required=False, widget=DateInput(), error_messages=DATE)


class FilterForm(PcmdForm):
    q = forms.CharField(label="Tìm (tên, địa chỉ, chủ, mã số)", required=False)
    unit = forms.ModelChoiceField(AdminUnit.objects.none(), label="Địa bàn", required=False)
    business_type = forms.ModelChoiceField(BusinessType.objects.all(), label="Loại hình", required=False)
    status = forms.ChoiceField(
        label="Tình trạng", required=False, choices=[("", "Tất cả"), *Establishment.Status.choices]
    )
    risk = forms.ChoiceField(
        label="Mức rủi ro", required=False, choices=[("", "Tất cả"), *Establishment.Risk.choices]
    )
    active = forms.BooleanField(label="Đang hoạt động hôm nay (đã mở, chưa đóng cửa)", required=False)
    never_inspected = forms.BooleanField(label="Chưa từng được kiểm tra", required=False)
    not_this_year = forms.BooleanField(label="Chưa kiểm tra năm nay", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units_valid_on(
            on=today, level="commune"
        ).order_by("name")


class ImportForm(PcmdForm):
    file = forms.FileField(
        label="Tệp Excel (.xlsx) theo mẫu", error_messages={"required": "Hãy chọn tệp Excel."}
    )


class PlanCreateForm(PcmdForm):
    team: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=InspectionTeam.objects.none(),
        label="Đội kiểm tra",
        error_messages={"required": "Hãy chọn đội."},
    )
    year = forms.IntegerField(label="Năm", min_value=2021, max_value=2035,
                              error_messages={"required": "Hãy nhập năm.", "min_value": "Năm từ 2021.",
                                              "max_value": "Năm đến 2035.", "invalid": "Năm phải là số."})  # fmt: skip


class ReachForm(VietnameseForm):
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    workers_reached = NumberField(label="Số người lao động được tuyên truyền")
    reached_on = forms.DateField(label="Ngày tuyên truyền gần nhất", required=False)
    note = forms.CharField(label="Hình thức, ghi chú", max_length=255, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
