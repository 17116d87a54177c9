"""The plan as data: Program > Plan > Objective, Indicator > Target, Task, AgencyRole."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from pcmd.accounts.models import Agency
from pcmd.core.models import BusinessModel, TimestampedModel
from pcmd.geography.models import AdminUnit, Level


class Confidence(models.TextChoices):
    CONFIRMED = "C", "Đã xác nhận"
    PARTLY = "P", "Xác nhận một phần"
    UNCONFIRMED = "U", "Chưa xác nhận – cần cơ quan thường trực xác nhận"


class Program(TimestampedModel):
    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên", max_length=255)
    decision = models.CharField("quyết định phê duyệt", max_length=60)
    decided_on = models.DateField("ngày quyết định")
    start_year = models.PositiveSmallIntegerField("từ năm")
    end_year = models.PositiveSmallIntegerField("đến năm")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "chương trình"
        verbose_name_plural = "chương trình"

    def __str__(self) -> str:
        return self.name


class Plan(TimestampedModel):
    program = models.ForeignKey(
        Program, verbose_name="chương trình", on_delete=models.PROTECT, related_name="plans"
    )
    code = models.SlugField("mã", max_length=60, unique=True)
    number = models.CharField("số hiệu", max_length=60)
    issued_on = models.DateField("ngày ban hành")
    signer = models.CharField("người ký", max_length=120)
    issuer = models.CharField("cơ quan ban hành", max_length=255)
    province = models.ForeignKey(AdminUnit, verbose_name="tỉnh", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("trích yếu", max_length=500)
    period_start = models.DateField("từ ngày")
    period_end = models.DateField("đến ngày")
    basis = models.TextField("căn cứ", blank=True)
    source_file = models.CharField("tệp nguồn", max_length=255, blank=True)
    source_digest = models.CharField("mã băm tệp nguồn", max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"

    def __str__(self) -> str:
        return f"Kế hoạch {self.number}"


class Objective(TimestampedModel):
    class Kind(models.TextChoices):
        GENERAL = "general", "Mục tiêu tổng quát"
        SPECIFIC = "specific", "Mục tiêu cụ thể"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField("mã", max_length=20)
    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    text = models.TextField("nội dung")
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="objective_code_unique")]
        verbose_name = "mục tiêu"
        verbose_name_plural = "mục tiêu"

    def __str__(self) -> str:
        return f"{self.code} {self.get_kind_display()}"


class Indicator(TimestampedModel):
    class RangeReading(models.TextChoices):
        EACH_YEAR = "each_year", "Từng năm (kết quả mỗi năm, đạt N/… năm)"
        CUMULATIVE = "cumulative", "Lũy kế cả giai đoạn"

    class TransitionRule(models.TextChoices):
        EITHER_LEVEL = "either_level", "Đơn vị mới đạt nếu tự đạt hoặc cấp cũ của mọi đơn vị tiền thân đã đạt"

    class PeriodType(models.TextChoices):
        YEAR = "year", "Theo năm"
        HALF = "half", "Theo 6 tháng"
        RANGE = "range", "Lũy kế giai đoạn"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )
    code = models.CharField("mã", max_length=20)
    name = models.TextField("tên chỉ tiêu")
    short_name = models.CharField("tên ngắn", max_length=120)
    numerator = models.CharField("đo lường tử số", max_length=80)
    denominator = models.CharField("đo lường mẫu số", max_length=80, blank=True)
    factor = models.DecimalField("hệ số", max_digits=10, decimal_places=4, default=100)
    unit_of_measure = models.CharField("đơn vị tính", max_length=20, default="%")
    direction = models.CharField("chiều tốt", max_length=10, default="higher")
    period_type = models.CharField("kỳ tính", max_length=10, choices=PeriodType.choices)
    sensitive = models.BooleanField("số liệu nhạy cảm (ẩn ô < 5)", default=False)
    range_reading = models.CharField(
        "cách đọc trên nhiều năm", max_length=12, choices=RangeReading.choices, default=RangeReading.EACH_YEAR
    )
    transition_rule = models.CharField(
        "quy tắc năm có hai cơ cấu", max_length=20, choices=TransitionRule.choices, blank=True
    )
    transition_on = models.DateField("ngày chuyển cơ cấu", null=True, blank=True)
    transition_note = models.TextField("ghi chú quy tắc chuyển cơ cấu (chờ xác nhận)", blank=True)
    legal_source = models.CharField("căn cứ", max_length=255, blank=True)
    assumption = models.TextField("giả định cần xác nhận", blank=True)
    confidence = models.CharField("mức xác nhận", max_length=1, choices=Confidence.choices)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="indicator_code_unique")]
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"

    def __str__(self) -> str:
        return f"{self.code} – {self.short_name}"


class IndicatorLevel(models.Model):
    """At which level an indicator is counted, as a dated setting (districts until 30/06/2025, ...)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="levels")
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    valid_from = models.DateField("từ ngày", null=True, blank=True)
    valid_to = models.DateField("đến ngày", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", models.F("valid_from").asc(nulls_first=True)]
        verbose_name = "cấp tính chỉ tiêu"
        verbose_name_plural = "cấp tính chỉ tiêu"

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.get_level_display()}"


class Target(TimestampedModel):
    class Comparator(models.TextChoices):
        GTE = ">=", "≥"
        LTE = "<=", "≤"
        EQ = "=", "="

    class PeriodRule(models.TextChoices):
        EACH_YEAR = "each_year", "Mỗi năm"
        CUMULATIVE = "cumulative", "Lũy kế đến cuối giai đoạn"

    class Scope(models.TextChoices):
        AGGREGATE = "aggregate", "Toàn tỉnh"
        EACH_UNIT = "each_unit", "Từng đơn vị"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    comparator = models.CharField("so sánh", max_length=2, choices=Comparator.choices)
    value = models.DecimalField("giá trị", max_digits=12, decimal_places=2)
    period_rule = models.CharField("kỳ áp dụng", max_length=12, choices=PeriodRule.choices)
    range_start = models.DateField("từ ngày", null=True, blank=True)
    range_end = models.DateField("đến ngày", null=True, blank=True)
    scope = models.CharField("phạm vi", max_length=10, choices=Scope.choices, default=Scope.AGGREGATE)
    tier = models.CharField("nhóm", max_length=20, blank=True, help_text="ví dụ: province / local (T14)")
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "tier"]
        verbose_name = "mục tiêu số"
        verbose_name_plural = "mục tiêu số"

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.comparator} {self.value:g}{self.indicator.unit_of_measure}"

    def clean(self) -> None:
        """One-row rules of a target (admin edits): a value the indicator can take, a range for a cumulative rule."""
        from django.core.exceptions import ValidationError

        errors = {}
        if self.comparator and self.comparator not in self.Comparator.values:
            errors["comparator"] = f"Trường «so sánh»: «{self.comparator}» không hợp lệ; chọn ≥, ≤ hoặc =."
        unit = self.indicator.unit_of_measure if self.indicator_id else ""
        if self.value is not None and self.value < 0:
            errors["value"] = f"Trường «giá trị»: mục tiêu không thể âm ({self.value:g})."
        elif self.value is not None and unit == "%" and self.value > 100:
            errors["value"] = (
                f"Trường «giá trị»: mục tiêu tỷ lệ phải trong khoảng 0–100% (đã nhập {self.value:g})."
            )
        if self.period_rule == self.PeriodRule.CUMULATIVE and not (self.range_start and self.range_end):
            errors["range_start"] = "Trường «từ ngày»: mục tiêu lũy kế cần ngày bắt đầu và ngày kết thúc."
        elif self.range_start and self.range_end and self.range_end < self.range_start:
            errors["range_end"] = "Trường «đến ngày»: ngày kết thúc đứng trước ngày bắt đầu."
        if errors:
            raise ValidationError(errors)


class AgencyRole(TimestampedModel):
    class RoleKind(models.TextChoices):
        LEAD = "lead", "Cơ quan thường trực"
        ENFORCEMENT = "enforcement", "Cơ quan thực thi pháp luật"
        MEMBER = "member", "Cơ quan phối hợp"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="agency_roles")
    agency = models.ForeignKey(
        Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="plan_roles"
    )
    role = models.CharField("vai trò", max_length=20, choices=RoleKind.choices)
    valid_from = models.DateField("từ ngày")
    valid_to = models.DateField("đến ngày", null=True, blank=True)
    source = models.CharField("căn cứ", max_length=255, blank=True)
    confidence = models.CharField("mức xác nhận", max_length=1, choices=Confidence.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "valid_from"]
        verbose_name = "vai trò cơ quan"
        verbose_name_plural = "vai trò cơ quan"

    def __str__(self) -> str:
        return f"{self.agency} – {self.get_role_display()}"


class Task(BusinessModel):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Chưa triển khai"
        IN_PROGRESS = "in_progress", "Đang thực hiện"
        DONE = "done", "Hoàn thành"
        SUSPENDED = "suspended", "Tạm dừng"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    section = models.CharField("mục", max_length=20)
    section_title = models.CharField("tên mục", max_length=500, blank=True)
    number = models.PositiveSmallIntegerField("thứ tự")
    text = models.TextField("nội dung nhiệm vụ")
    unit = models.ForeignKey(
        AdminUnit, verbose_name="địa bàn thực hiện", on_delete=models.PROTECT, related_name="+"
    )
    lead_agency = models.ForeignKey(
        Agency,
        verbose_name="cơ quan chủ trì",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    partner_agencies = models.ManyToManyField(
        Agency, verbose_name="cơ quan phối hợp", blank=True, related_name="+"
    )
    owners_confirmed = models.BooleanField("đã xác nhận cơ quan thực hiện", default=False)
    due = models.DateField("thời hạn", null=True, blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    progress_note = models.TextField("tiến độ, kết quả", blank=True)
    evidence = models.FileField("tài liệu minh chứng", upload_to="evidence/tasks/%Y/", blank=True)
    history = HistoricalRecords(m2m_fields=[partner_agencies])

    class Meta:
        ordering = ["plan", "section", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "section", "number", "unit"], name="task_number_unique")
        ]
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"

    def __str__(self) -> str:
        return f"{self.section}.{self.number}"
