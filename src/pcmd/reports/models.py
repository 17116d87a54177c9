from __future__ import annotations

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    HALF_YEAR = "half", "Báo cáo 6 tháng"
    YEARLY = "yearly", "Báo cáo năm"
    FINAL = "final", "Báo cáo tổng kết giai đoạn của kế hoạch"


class Format(models.TextChoices):
    DOCX = "docx", "Word (.docx)"
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Phụ lục thống kê Excel (.xlsx)"


class GeneratedReport(models.Model):
    """Every generated report is kept, with the data version it was made from."""

    figure_source = False  # no figure reads it (indicators.invalidation)

    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang tạo"
        DONE = "done", "Hoàn thành"
        FAILED = "failed", "Lỗi"

    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    period = models.CharField("kỳ", max_length=30)
    plan = models.CharField("kế hoạch (mã)", max_length=60, blank=True)
    format = models.CharField("định dạng", max_length=5, choices=Format.choices)
    status = models.CharField("tình trạng", max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    step = models.CharField("bước", max_length=120, blank=True)
    message = models.TextField("thông báo", blank=True)
    file = models.FileField("tệp", upload_to="reports/%Y/", blank=True)
    data_version = models.PositiveBigIntegerField("phiên bản dữ liệu", null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người yêu cầu", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("yêu cầu lúc", auto_now_add=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "báo cáo đã tạo"
        verbose_name_plural = "báo cáo đã tạo"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period} ({self.format})"


class Recipient(models.Model):
    """A line of «Nơi nhận» (NĐ 30/2020), dated: the ministry, the districts and the communes change with the
    reforms (Bộ LĐTBXH until 28/02/2025, Bộ Y tế after; UBND huyện until 30/06/2025, UBND xã after)."""

    name = models.CharField("nơi nhận", max_length=200)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    valid_from = models.DateField("từ ngày", null=True, blank=True)
    valid_to = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "nơi nhận báo cáo"
        verbose_name_plural = "nơi nhận báo cáo"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="recipient_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name
