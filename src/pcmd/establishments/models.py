"""At-risk establishments, inspection teams, inspections, violations and sanctions."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from simple_history.models import HistoricalRecords

from pcmd.accounts.models import Agency
from pcmd.core.models import BusinessModel, EditableList, TimestampedModel
from pcmd.geography.models import AdminUnit, Level


class BusinessType(EditableList):
    """Editable list of at-risk business types (DOMAIN §4)."""

    risk_weight = models.PositiveSmallIntegerField("trọng số rủi ro", default=1)
    history = HistoricalRecords()

    class Meta(EditableList.Meta):
        verbose_name = "loại hình kinh doanh"
        verbose_name_plural = "loại hình kinh doanh"


class EstablishmentQuerySet(models.QuerySet["Establishment"]):
    """The one definition of "active" and "inspected" for establishments: measures, list filters, work lists,
    the planner and reports all call these (three meanings of "active" once showed users three counts)."""

    def active_on(self, day: date) -> EstablishmentQuerySet:
        """Open on that day: opened on or before it and not closed by it (the dates, not the status field)."""
        return self.filter(opened_on__lte=day).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))

    def active_during(self, start: date, end: date) -> EstablishmentQuerySet:
        """Open on at least one day of [start, end]."""
        return self.filter(opened_on__lte=end).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=start))

    def inspected_in(self, start: date, end: date) -> EstablishmentQuerySet:
        """Inspected at least once on a day of [start, end]."""
        return self.filter(Exists(_inspections_between(start, end)))

    def not_inspected_in(self, start: date, end: date) -> EstablishmentQuerySet:
        return self.filter(~Exists(_inspections_between(start, end)))

    def never_inspected(self) -> EstablishmentQuerySet:
        return self.filter(~Exists(Inspection.objects.filter(establishment=OuterRef("pk"))))


def _inspections_between(start: date, end: date) -> models.QuerySet[Inspection]:
    return Inspection.objects.filter(
        establishment=OuterRef("pk"), inspected_on__gte=start, inspected_on__lte=end
    )


class Establishment(BusinessModel):
    class Status(models.TextChoices):
        OPERATING = "operating", "Đang hoạt động"
        SUSPENDED = "suspended", "Tạm ngừng"
        CLOSED = "closed", "Đã đóng cửa"

    class Risk(models.TextChoices):
        LOW = "low", "Thấp"
        MEDIUM = "medium", "Trung bình"
        HIGH = "high", "Cao"

    name = models.CharField("tên cơ sở", max_length=255)
    name_normalised = models.CharField(max_length=255, db_index=True, editable=False)
    business_type = models.ForeignKey(BusinessType, verbose_name="loại hình", on_delete=models.PROTECT)
    registration_number = models.CharField(
        "mã số doanh nghiệp / hộ kinh doanh", max_length=20, blank=True, db_index=True
    )
    licence_number = models.CharField("số giấy phép kinh doanh có điều kiện", max_length=60, blank=True)
    licence_date = models.DateField("ngày cấp giấy phép", null=True, blank=True)
    owner_name = models.CharField("chủ cơ sở", max_length=150, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    address = models.CharField("địa chỉ", max_length=255)
    address_normalised = models.CharField(max_length=255, editable=False)
    unit = models.ForeignKey(AdminUnit, verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    latitude = models.DecimalField("vĩ độ", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("kinh độ", max_digits=9, decimal_places=6, null=True, blank=True)
    total_workers = models.PositiveIntegerField("tổng số lao động", default=0)
    female_workers = models.PositiveIntegerField("lao động nữ", default=0)
    has_minor_workers = models.BooleanField("có lao động dưới 18 tuổi", default=False)
    commitment_signed_on = models.DateField("ngày ký cam kết với xã", null=True, blank=True)
    status = models.CharField("tình trạng", max_length=12, choices=Status.choices, default=Status.OPERATING)
    opened_on = models.DateField("hoạt động từ ngày")
    closed_on = models.DateField("đóng cửa từ ngày", null=True, blank=True)
    risk_override = models.CharField(
        "mức rủi ro (điều chỉnh)", max_length=10, choices=Risk.choices, blank=True
    )
    risk_override_reason = models.CharField("lý do điều chỉnh mức rủi ro", max_length=255, blank=True)
    notes = models.TextField("ghi chú", blank=True)
    objects = EstablishmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["name_normalised", "address_normalised"])

    class Meta:
        ordering = ["name"]
        verbose_name = "cơ sở kinh doanh"
        verbose_name_plural = "cơ sở kinh doanh"
        constraints = [
            models.CheckConstraint(
                condition=Q(female_workers__lte=F("total_workers")), name="est_female_lte_total"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="est_closed_after_opened",
            ),
        ]
        indexes = [models.Index(fields=["unit", "opened_on", "closed_on"])]

    def __str__(self) -> str:
        return self.name


class EstablishmentHome(models.Model):
    """The commune an establishment belonged to over time; the 2024 merge and the 2025 reform add rows.
    `Establishment.unit` is the current one (the open row), kept for lists and scoping."""

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="homes")
    unit = models.ForeignKey(AdminUnit, verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField("từ ngày")
    valid_to = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        ordering = ["establishment", "valid_from"]
        verbose_name = "địa bàn của cơ sở theo thời gian"
        verbose_name_plural = "địa bàn của cơ sở theo thời gian"
        indexes = [models.Index(fields=["valid_from", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.establishment} – {self.unit}"


class InspectionTeam(TimestampedModel):
    name = models.CharField("tên đội", max_length=255)
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    unit = models.ForeignKey(AdminUnit, verbose_name="địa bàn", on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField("thành lập")
    valid_to = models.DateField("giải thể", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["level", "name"]
        verbose_name = "đội kiểm tra liên ngành"
        verbose_name_plural = "đội kiểm tra liên ngành"

    def __str__(self) -> str:
        return self.name


class TeamMember(TimestampedModel):
    team = models.ForeignKey(InspectionTeam, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField("họ và tên", max_length=150)
    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="+")
    position = models.CharField("chức vụ trong đội", max_length=100, blank=True)
    active = models.BooleanField("đang tham gia", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "full_name"]
        verbose_name = "thành viên đội"
        verbose_name_plural = "thành viên đội"

    def __str__(self) -> str:
        return f"{self.full_name} ({self.agency})"


class Inspection(BusinessModel):
    class Reason(models.TextChoices):
        PLANNED = "planned", "Theo kế hoạch"
        SURPRISE = "surprise", "Đột xuất"
        TIP = "tip", "Theo tin báo, phản ánh"

    class Result(models.TextChoices):
        COMPLIANT = "compliant", "Không phát hiện vi phạm"
        VIOLATION = "violation", "Có vi phạm"
        FOLLOW_UP = "follow_up", "Cần kiểm tra lại"

    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="inspections")
    unit = models.ForeignKey(
        AdminUnit, verbose_name="địa bàn khi kiểm tra", on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        InspectionTeam, verbose_name="đội kiểm tra", on_delete=models.PROTECT, related_name="inspections"
    )
    members_present = models.ManyToManyField(TeamMember, verbose_name="thành viên có mặt", blank=True)
    inspected_at = models.DateTimeField("thời gian kiểm tra")
    inspected_on = models.DateField("ngày kiểm tra", db_index=True, editable=False)
    reason = models.CharField("lý do", max_length=10, choices=Reason.choices, default=Reason.PLANNED)
    tip_reference = models.CharField("số tin báo liên quan", max_length=40, blank=True)
    documents_checked = models.TextField("giấy tờ đã kiểm tra", blank=True)
    findings = models.TextField("nội dung phát hiện", blank=True)
    result = models.CharField("kết quả", max_length=10, choices=Result.choices, default=Result.COMPLIANT)
    record_number = models.CharField("số biên bản kiểm tra", max_length=40, unique=True)
    attachment = models.FileField("tệp đính kèm", upload_to="inspections/%Y/", blank=True)
    history = HistoricalRecords(m2m_fields=[members_present])

    class Meta:
        ordering = ["-inspected_at"]
        verbose_name = "lượt kiểm tra"
        verbose_name_plural = "lượt kiểm tra"
        indexes = [models.Index(fields=["inspected_on", "unit"])]

    def __str__(self) -> str:
        return f"Biên bản {self.record_number}"


class ViolationAct(TimestampedModel):
    """Configurable list of violation acts with their legal article and fine range."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("hành vi", max_length=255)
    legal_article = models.CharField("căn cứ", max_length=120)
    fine_min = models.PositiveBigIntegerField("mức phạt tối thiểu (đồng)", null=True, blank=True)
    fine_max = models.PositiveBigIntegerField("mức phạt tối đa (đồng)", null=True, blank=True)
    confirmed = models.BooleanField("đã xác nhận mức phạt", default=False)
    active = models.BooleanField("đang dùng", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["legal_article", "code"]
        verbose_name = "hành vi vi phạm"
        verbose_name_plural = "hành vi vi phạm"

    def __str__(self) -> str:
        return f"{self.name} ({self.legal_article})"


class Violation(BusinessModel):
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="violations")
    act = models.ForeignKey(ViolationAct, verbose_name="hành vi", on_delete=models.PROTECT)
    record_number = models.CharField("số biên bản vi phạm hành chính", max_length=40, unique=True)
    description = models.TextField("mô tả", blank=True)
    # Data minimisation: counts by role, no names (the sanction decision file holds the person).
    owners = models.PositiveSmallIntegerField("chủ cơ sở, người quản lý", default=0)
    workers = models.PositiveSmallIntegerField("người lao động", default=0)
    buyers = models.PositiveSmallIntegerField("người mua dâm", default=0)
    sellers = models.PositiveSmallIntegerField("người bán dâm", default=0)
    others = models.PositiveSmallIntegerField("người khác", default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "pk"]
        verbose_name = "vi phạm"
        verbose_name_plural = "vi phạm"

    def __str__(self) -> str:
        return f"Biên bản vi phạm {self.record_number}"


class Sanction(BusinessModel):
    class Status(models.TextChoices):
        ISSUED = "issued", "Đã ban hành"
        PAID = "paid", "Đã nộp phạt"
        APPEALED = "appealed", "Đang khiếu nại"
        ENFORCED = "enforced", "Đã cưỡng chế"

    violation = models.ForeignKey(Violation, on_delete=models.PROTECT, related_name="sanctions")
    decision_number = models.CharField("số quyết định", max_length=40, unique=True)
    decided_on = models.DateField("ngày quyết định")
    authority = models.CharField("người, cơ quan ra quyết định", max_length=200)
    fine_amount = models.PositiveBigIntegerField("tiền phạt (đồng)", default=0)
    licence_suspended_months = models.PositiveSmallIntegerField("tước giấy phép (tháng)", default=0)
    licence_withdrawn = models.BooleanField("thu hồi giấy phép", default=False)
    confiscation = models.CharField("tịch thu", max_length=255, blank=True)
    status = models.CharField("tình trạng", max_length=10, choices=Status.choices, default=Status.ISSUED)
    paid_on = models.DateField("ngày nộp phạt", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on"]
        verbose_name = "quyết định xử phạt"
        verbose_name_plural = "quyết định xử phạt"

    def __str__(self) -> str:
        return f"Quyết định {self.decision_number}"


class InspectionPlan(BusinessModel):
    """A team's inspection plan for a year: the establishments to visit, in order."""

    team = models.ForeignKey(
        InspectionTeam, verbose_name="đội kiểm tra", on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField("năm")
    notes = models.TextField("ghi chú", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "team"]
        verbose_name = "kế hoạch kiểm tra năm"
        verbose_name_plural = "kế hoạch kiểm tra năm"
        constraints = [models.UniqueConstraint(fields=["team", "year"], name="inspection_plan_team_year")]

    def __str__(self) -> str:
        return f"Kế hoạch kiểm tra {self.year} – {self.team}"


class InspectionPlanItem(models.Model):
    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="items")
    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField("thứ tự")
    score = models.PositiveSmallIntegerField("điểm rủi ro", default=0)
    reason = models.CharField("lý do chọn", max_length=255, blank=True)
    added_by_hand = models.BooleanField("thêm thủ công", default=False)

    class Meta:
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "establishment"], name="plan_item_unique")]

    def __str__(self) -> str:
        return f"{self.position}. {self.establishment}"


class WorkerReach(BusinessModel):
    """Workers of an establishment informed about prostitution prevention in a year (T03 numerator). Never more
    than the establishment's workers: the service refuses it, and the measure caps it again."""

    establishment = models.ForeignKey(Establishment, verbose_name="cơ sở", on_delete=models.CASCADE,
                                      related_name="reach")  # fmt: skip
    year = models.PositiveSmallIntegerField("năm")
    workers_reached = models.PositiveIntegerField("số người lao động được tuyên truyền")
    reached_on = models.DateField("ngày tuyên truyền gần nhất", null=True, blank=True)
    note = models.CharField("hình thức, ghi chú", max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = "người lao động được tuyên truyền"
        verbose_name_plural = "người lao động được tuyên truyền"
        constraints = [
            models.UniqueConstraint(fields=["establishment", "year"], name="reach_establishment_year")
        ]
