from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from pcmd.accounts.models import Agency, Membership, User
from pcmd.audit.models import TIP_PURPOSES
from pcmd.core.forms import DATE, REQUIRED, NumberField, PcmdForm, date_input
from pcmd.core.uploads import DOCUMENTS, clean_upload
from pcmd.geography.models import AdminUnit
from pcmd.geography.selectors import units_valid_on
from pcmd.tips.clock import UNITS, RuleSpec
from pcmd.tips.models import Case, ClockEvent, Kind, Tip
from pcmd.tips.policies import HANDLERS


def _communes(field: forms.Field) -> None:
    qs = units_valid_on(on=timezone.localdate(), level="commune", province="96").order_by("name")
    cast(forms.ModelChoiceField, field).queryset = qs


def _handlers() -> Any:
    ids = Membership.objects.filter(role__in=HANDLERS).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "username")


class TipFilterForm(PcmdForm):
    WORK = [("", "Tất cả"), ("due_soon", "Sắp đến hạn (7 ngày)"), ("overdue", "Quá hạn"),
            ("extension", "Chờ quyết định gia hạn"), ("mine", "Việc của tôi")]  # fmt: skip
    work = forms.ChoiceField(label="Danh sách việc", choices=WORK, required=False)
    status = forms.ChoiceField(
        label="Tình trạng", choices=[("", "Tất cả"), *Tip.Status.choices], required=False
    )
    kind = forms.ChoiceField(label="Loại việc", choices=[("", "Tất cả"), *Kind.choices], required=False)
    channel = forms.ChoiceField(label="Hình thức tiếp nhận", choices=[("", "Tất cả"), *Tip.Channel.choices],
                                required=False)  # fmt: skip
    unit = forms.ModelChoiceField(AdminUnit.objects.none(), label="Xã, phường", required=False)
    reference = forms.CharField(label="Số tiếp nhận", required=False, max_length=40)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _communes(self.fields["unit"])


class TipReceiveForm(PcmdForm):
    received_at = forms.DateTimeField(
        label="Thời điểm tiếp nhận", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": "Hãy nhập thời điểm tiếp nhận.", "invalid": "Thời điểm không hợp lệ."},
    )  # fmt: skip
    channel = forms.ChoiceField(label="Hình thức tiếp nhận", choices=Tip.Channel.choices)
    kind = forms.ChoiceField(label="Loại việc (nếu đã rõ)", choices=[("", "Chưa phân loại"), *Kind.choices],
                             required=False)  # fmt: skip
    unit = forms.ModelChoiceField(
        AdminUnit.objects.none(), label="Xã, phường xảy ra", error_messages=REQUIRED
    )
    content = forms.CharField(
        label="Nội dung", widget=forms.Textarea(attrs={"rows": 4}), error_messages=REQUIRED
    )
    anonymous = forms.BooleanField(label="Nặc danh", required=False)
    remote_area = forms.BooleanField(label="Vùng sâu, vùng xa đi lại khó khăn", required=False)
    reporter_name = forms.CharField(label="Họ tên người báo (được bảo mật)", required=False, max_length=150)
    reporter_contact = forms.CharField(
        label="Địa chỉ, điện thoại (được bảo mật)", required=False, max_length=255
    )
    establishment_ref = forms.CharField(
        label="Cơ sở liên quan (mã số doanh nghiệp hoặc tên cơ sở, nếu có)", required=False, max_length=120
    )
    attachment = forms.FileField(label="Đơn, tài liệu kèm theo (pdf, ảnh, docx; được bảo mật như danh tính)",
                                 required=False)  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _communes(self.fields["unit"])

    def clean_attachment(self) -> Any:
        return clean_upload(self.cleaned_data.get("attachment"), allowed=DOCUMENTS)


class ClassifyForm(PcmdForm):
    kind = forms.ChoiceField(label="Loại việc", choices=Kind.choices)
    on = forms.DateField(label="Ngày phân loại", widget=date_input(), error_messages=DATE)
    competent_body = forms.ModelChoiceField(Agency.objects.order_by("name"), label="Cơ quan có thẩm quyền",
                                            required=False)  # fmt: skip
    handler = forms.ModelChoiceField(User.objects.none(), label="Người được giao", required=False)
    remote_area = forms.BooleanField(label="Vùng sâu, vùng xa đi lại khó khăn", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["handler"]).queryset = _handlers()


EVENT_CHOICES = [(v, label) for v, label in ClockEvent.Type.choices if v not in ("received", "classified")]
DECISIONS = ("extension_approved", "extension_refused", "suspended")


class EventForm(PcmdForm):
    """One clock step. The extension's duration is labelled in the unit of the rule's steps (days, working days or
    months); the decision number is asked for suspensions, resumptions and the Procuracy's decision."""

    type = forms.ChoiceField(label="Bước giải quyết", choices=EVENT_CHOICES)
    on = forms.DateField(label="Ngày", widget=date_input(), error_messages=DATE)
    step = forms.TypedChoiceField(
        label="Căn cứ gia hạn", coerce=int, empty_value=None, required=False, choices=[]
    )
    amount = NumberField(label="Thời gian gia hạn", required=False, min_value=1)
    decision_no = forms.CharField(label="Số quyết định (tạm đình chỉ, phục hồi, quyết định của Viện kiểm sát)",
                                  required=False, max_length=60)  # fmt: skip
    to_body = forms.ModelChoiceField(
        Agency.objects.order_by("name"), label="Chuyển đến cơ quan", required=False
    )
    note = forms.CharField(
        label="Kết quả, lý do, ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, rule: RuleSpec | None = None, remote: bool = False, decide_only: bool = False,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        if decide_only:  # keep the blank first option PcmdForm puts in front
            kind = cast(forms.ChoiceField, self.fields["type"])
            kind.choices = [c for c in cast(list[tuple[str, str]], kind.choices) if c[0] in ("", *DECISIONS)]
        steps = rule.steps if rule else ()
        cast(forms.ChoiceField, self.fields["step"]).choices = [
            ("", "Bước kế tiếp theo quy định"),
            *((i, f"{s.describe(remote)} – {s.basis} [{s.confidence}]") for i, s in enumerate(steps)),
        ]
        units = sorted({UNITS[s.count] for s in steps if s.mode == "add"})
        self.fields["amount"].label = (
            f"Thời gian gia hạn ({' hoặc '.join(units)})"
            if units
            else "Thời gian gia hạn (không nhập: theo luật)"
        )


class MergeForm(PcmdForm):
    into = forms.CharField(label="Gộp vào việc số", max_length=40, error_messages=REQUIRED)


class CaseForm(PcmdForm):
    detected_on = forms.DateField(label="Ngày phát hiện", widget=date_input(), error_messages=DATE)
    unit = forms.ModelChoiceField(AdminUnit.objects.none(), label="Xã, phường", error_messages=REQUIRED)
    type = forms.ChoiceField(label="Loại vụ việc", choices=Case.Type.choices)
    handling = forms.ChoiceField(label="Hình thức xử lý", choices=Case.Handling.choices)
    status = forms.ChoiceField(label="Tình trạng", choices=Case.Status.choices)
    dismantled_on = forms.DateField(
        label="Ngày triệt phá", widget=date_input(), required=False, error_messages=DATE
    )
    summary = forms.CharField(label="Tóm tắt", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    tip_refs = forms.CharField(label="Tin báo liên quan (số tiếp nhận, cách nhau dấu phẩy)", required=False)
    owners = NumberField(label="Chủ chứa, người chứa", initial=0, required=False)
    brokers = NumberField(label="Người môi giới", initial=0, required=False)
    sellers = NumberField(label="Người bán dâm", initial=0, required=False)
    buyers = NumberField(label="Người mua dâm", initial=0, required=False)
    protectors = NumberField(label="Người bảo kê", initial=0, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _communes(self.fields["unit"])


class CaseFilterForm(PcmdForm):
    type = forms.ChoiceField(
        label="Loại vụ việc", choices=[("", "Tất cả"), *Case.Type.choices], required=False
    )
    status = forms.ChoiceField(
        label="Tình trạng", choices=[("", "Tất cả"), *Case.Status.choices], required=False
    )
    year = forms.IntegerField(label="Năm phát hiện", required=False, min_value=2000, max_value=2100,
                              error_messages={"invalid": "Năm phải là một số.", "min_value": "Năm không hợp lệ.",
                                              "max_value": "Năm không hợp lệ."})  # fmt: skip


class CaseStatusForm(PcmdForm):
    status = forms.ChoiceField(label="Tình trạng", choices=Case.Status.choices)
    dismantled_on = forms.DateField(
        label="Ngày triệt phá", widget=date_input(), required=False, error_messages=DATE
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class IdentityPurposeForm(PcmdForm):
    purpose = forms.ChoiceField(label="Mục đích xem (được ghi nhật ký)", choices=TIP_PURPOSES,
                                error_messages={"required": "Hãy chọn mục đích xem danh tính.",
                                                "invalid_choice": "Mục đích không hợp lệ."})  # fmt: skip


class IdentityBreakGlassForm(PcmdForm):
    reason = forms.CharField(label="Lý do truy cập khẩn cấp (kiểm tra viên được báo ngay)",
                             widget=forms.Textarea(attrs={"rows": 3}), error_messages=REQUIRED)  # fmt: skip
