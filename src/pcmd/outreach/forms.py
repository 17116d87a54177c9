from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone

from pcmd.accounts.models import Agency
from pcmd.core.forms import DATE, REQUIRED, YEAR, NumberField, PcmdForm, VietnameseForm, date_input
from pcmd.core.period import Period, PeriodError
from pcmd.core.uploads import DOCUMENTS, clean_upload
from pcmd.geography.models import AdminUnit
from pcmd.geography.selectors import units_valid_on
from pcmd.outreach.models import (
    ActivityForm,
    CommunicationActivity,
    Course,
    IndustrialZone,
    Official,
    Outlet,
    PilotModel,
    PilotModelKind,
    Program,
    School,
)


class ActivityRecordForm(PcmdForm):
    held_on = forms.DateField(label="Ngày tổ chức", widget=date_input(),
                              error_messages=DATE)  # fmt: skip
    unit = forms.ModelChoiceField(AdminUnit.objects.none(), label="Xã, phường", error_messages=REQUIRED)
    form = forms.ModelChoiceField(
        ActivityForm.objects.filter(active=True), label="Hình thức", error_messages=REQUIRED
    )
    target_group = forms.ChoiceField(label="Đối tượng", choices=CommunicationActivity.TargetGroup.choices)
    title = forms.CharField(label="Nội dung", max_length=255, error_messages=REQUIRED)
    participants_male = NumberField(label="Người tham dự: nam", initial=0)
    participants_female = NumberField(label="Người tham dự: nữ", initial=0)
    materials = NumberField(label="Tài liệu phát ra", initial=0)
    agency = forms.ModelChoiceField(Agency.objects.all(), label="Cơ quan tổ chức", required=False)
    zone = forms.ModelChoiceField(IndustrialZone.objects.filter(active=True),
                                  label="Khu công nghiệp (khi đối tượng là người lao động khu công nghiệp)", required=False)  # fmt: skip
    school = forms.ModelChoiceField(School.objects.filter(active=True),
                                    label="Trường (khi đối tượng là học sinh, sinh viên)", required=False)  # fmt: skip
    establishment_refs = forms.CharField(
        label="Cơ sở được tuyên truyền (khi đối tượng là người lao động tại cơ sở): mã số hoặc tên, mỗi dòng một cơ sở",
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000,
    )  # fmt: skip
    evidence = forms.FileField(label="Minh chứng (ảnh, pdf, docx; tối đa 10 MB)", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = units_valid_on(on=timezone.localdate(), level="commune", province="96").order_by("name")
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = qs

    def clean_evidence(self) -> Any:
        return clean_upload(self.cleaned_data.get("evidence"), allowed=DOCUMENTS, max_mb=10)


def _outlets() -> list[tuple[str, str]]:
    return [(o.code, o.name) for o in Outlet.objects.filter(active=True)]


class PressItemForm(PcmdForm):
    outlet = forms.ChoiceField(label="Nơi đăng", choices=_outlets)
    published_on = forms.DateField(label="Ngày đăng, phát", widget=date_input(),
                                   error_messages=DATE)  # fmt: skip
    title = forms.CharField(label="Tiêu đề", max_length=255, error_messages=REQUIRED)
    link = forms.URLField(
        label="Đường dẫn", required=False, error_messages={"invalid": "Đường dẫn không hợp lệ."}
    )
    kind = forms.CharField(label="Thể loại", required=False, max_length=60)


class UnitChoiceField(forms.ModelChoiceField):
    """Units of the province at some levels, each labelled with its span when it did not always exist."""

    def __init__(self, levels: tuple[str, ...], **kwargs: Any) -> None:
        qs = AdminUnit.objects.filter(path__startswith="/96/", level__in=levels).order_by("level", "name")
        super().__init__(qs, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        span = ""
        if obj.valid_to:
            span = f" (đến {obj.valid_to:%d/%m/%Y})"
        elif obj.valid_from.year > 2000:
            span = f" (từ {obj.valid_from:%d/%m/%Y})"
        return f"{obj.name}{span}"


VERSION = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _year_field() -> forms.IntegerField:
    this = timezone.localdate().year
    return forms.IntegerField(label="Năm", min_value=2000, max_value=this, initial=this, error_messages=YEAR)


class ActivityFilterForm(VietnameseForm):
    period = forms.CharField(label="Kỳ (năm, quý: 2025, 2025Q3)", required=False, max_length=20)
    unit = UnitChoiceField(("commune",), label="Xã, phường", required=False)
    form = forms.ModelChoiceField(ActivityForm.objects.all(), label="Hình thức", required=False)
    target_group = forms.ChoiceField(
        label="Đối tượng",
        choices=[("", "Tất cả"), *CommunicationActivity.TargetGroup.choices],
        required=False,
    )

    def clean_period(self) -> Period | None:
        text = self.cleaned_data["period"].strip()
        if not text:
            return None
        try:
            return Period.parse(text)
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc


class ZoneForm(VietnameseForm):
    name = forms.CharField(label="Tên khu công nghiệp", max_length=160)
    unit = UnitChoiceField(("commune",), label="Xã, phường")


class ZoneYearForm(VietnameseForm):
    zone = forms.ModelChoiceField(IndustrialZone.objects.filter(active=True), label="Khu công nghiệp")
    year = _year_field()
    workers = NumberField(label="Số người lao động")
    workers_reached = NumberField(label="Số người lao động được tuyên truyền")
    source = forms.CharField(label="Nguồn số liệu", max_length=255)
    version = VERSION

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"] = _year_field()


class SchoolForm(VietnameseForm):
    name = forms.CharField(label="Tên trường", max_length=160)
    kind = forms.ChoiceField(label="Loại trường", choices=School.Kind.choices)
    unit = UnitChoiceField(("commune",), label="Xã, phường")


class SchoolYearForm(VietnameseForm):
    school = forms.ModelChoiceField(School.objects.filter(active=True), label="Trường")
    year = _year_field()
    enrolled = NumberField(label="Số học sinh, sinh viên")
    students_reached = NumberField(label="Số học sinh, sinh viên được tuyên truyền")
    source = forms.CharField(label="Nguồn số liệu", max_length=255)
    version = VERSION

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"] = _year_field()


class LocalPlanForm(VietnameseForm):
    unit = UnitChoiceField(("district", "commune"), label="Huyện hoặc xã, phường")
    year = _year_field()
    document_number = forms.CharField(label="Số kế hoạch", max_length=60)
    issued_on = forms.DateField(label="Ngày ban hành")
    activities_organised = forms.BooleanField(label="Đã tổ chức triển khai hoạt động", required=False)
    integrated_with = forms.ModelMultipleChoiceField(
        Program.objects.filter(active=True), label="Lồng ghép với chương trình", required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)
    file = forms.FileField(label="Tệp kế hoạch (pdf, docx)", required=False)
    version = VERSION

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"] = _year_field()

    def clean_file(self) -> Any:
        return clean_upload(self.cleaned_data.get("file"), allowed=("pdf", "doc", "docx"))


class PilotModelForm(VietnameseForm):
    kind = forms.ModelChoiceField(PilotModelKind.objects.filter(active=True), label="Loại mô hình")
    name = forms.CharField(label="Tên mô hình", max_length=200)
    unit = UnitChoiceField(("district", "commune"), label="Đơn vị triển khai")
    started_on = forms.DateField(label="Ngày bắt đầu")
    ended_on = forms.DateField(label="Ngày kết thúc", required=False)
    status = forms.ChoiceField(label="Tình trạng", choices=PilotModel.Status.choices)
    sites = forms.CharField(label="Địa điểm, điểm triển khai", max_length=255, required=False)
    participants = NumberField(label="Số người tham gia", initial=0)
    results = forms.CharField(label="Kết quả", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    version = VERSION


class OfficialForm(VietnameseForm):
    full_name = forms.CharField(label="Họ và tên", max_length=120)
    unit = UnitChoiceField(("province", "district", "commune"), label="Đơn vị")
    agency = forms.ModelChoiceField(Agency.objects.all(), label="Cơ quan", required=False)
    position = forms.CharField(label="Chức vụ", max_length=120, required=False)
    active_from = forms.DateField(label="Làm công tác từ ngày")
    active_to = forms.DateField(label="Đến ngày", required=False)
    version = VERSION


class OfficialMoveForm(VietnameseForm):
    unit = UnitChoiceField(("province", "district", "commune"), label="Đơn vị mới")
    on = forms.DateField(label="Làm việc ở đơn vị mới từ ngày")
    version = forms.IntegerField(widget=forms.HiddenInput)


class OfficialFilterForm(VietnameseForm):
    level = forms.ChoiceField(label="Cấp", choices=[("", "Tất cả"), *Course.Level.choices], required=False)
    name = forms.CharField(label="Họ tên", required=False, max_length=60)
    current = forms.BooleanField(label="Chỉ người đang làm công tác", required=False, initial=True)


class CourseForm(VietnameseForm):
    title = forms.CharField(label="Tên lớp, khóa", max_length=255)
    starts_on = forms.DateField(label="Từ ngày")
    ends_on = forms.DateField(label="Đến ngày")
    level = forms.ChoiceField(label="Cấp tổ chức", choices=Course.Level.choices)
    organiser = forms.ModelChoiceField(Agency.objects.all(), label="Đơn vị tổ chức", required=False)
    unit = UnitChoiceField(("province", "district", "commune"), label="Địa bàn")
    topics = forms.CharField(
        label="Nội dung, chuyên đề", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = VERSION


class OfficialChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} – {obj.unit.name} ({obj.code})"


class ParticipantForm(VietnameseForm):
    official = OfficialChoiceField(Official.objects.none(), label="Cán bộ trong danh sách")

    def __init__(self, *args: Any, course: Course, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        on_roster = Official.objects.filter(active_from__lte=course.ends_on).filter(
            Q(active_to__isnull=True) | Q(active_to__gte=course.starts_on)
        )
        field = cast(forms.ModelChoiceField, self.fields["official"])
        field.queryset = on_roster.exclude(participations__course=course).select_related("unit")


class ImportForm(VietnameseForm):
    file = forms.FileField(label="Tệp Excel (.xlsx)")
