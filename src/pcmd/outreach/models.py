"""Communication activities and press items (T01, T02). Reach, training, pilot models and local plans come
with the rest of issue 6."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from pcmd.accounts.models import Agency
from pcmd.core.models import BusinessModel, TimestampedModel
from pcmd.geography.models import AdminUnit


class ActivityForm(TimestampedModel):
    """Editable list of communication forms (loa truyền thanh, pa-nô, họp dân, ...)."""

    code = models.SlugField("mã", max_length=30, unique=True)
    name = models.CharField("hình thức", max_length=120)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    active = models.BooleanField("đang dùng", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "hình thức tuyên truyền"
        verbose_name_plural = "hình thức tuyên truyền"

    def __str__(self) -> str:
        return self.name


class RegularityRule(TimestampedModel):
    """What "maintained regularly" (T01) means, as dated data: at least one activity in each quarter by default."""

    valid_from = models.DateField("áp dụng từ", unique=True)
    every_quarter = models.BooleanField("mỗi quý có ít nhất một hoạt động", default=True)
    note = models.CharField("căn cứ, ghi chú", max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["valid_from"]
        verbose_name = "quy tắc «duy trì thường xuyên»"
        verbose_name_plural = "quy tắc «duy trì thường xuyên»"

    def __str__(self) -> str:
        return f"Từ {self.valid_from:%d/%m/%Y}: {'mỗi quý' if self.every_quarter else 'ít nhất một lần trong kỳ'}"


class CommunicationActivity(BusinessModel):
    class TargetGroup(models.TextChoices):
        COMMUNITY = "community", "Cộng đồng dân cư"
        ESTABLISHMENT_WORKERS = "establishment_workers", "Người lao động tại cơ sở kinh doanh dịch vụ"
        INDUSTRIAL_WORKERS = "industrial_workers", "Người lao động khu công nghiệp"
        STUDENTS = "students", "Học sinh, sinh viên"
        YOUTH = "youth", "Thanh thiếu niên"
        OFFICIALS = "officials", "Cán bộ, công chức"

    held_on = models.DateField("ngày tổ chức", db_index=True)
    unit = models.ForeignKey(AdminUnit, verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, verbose_name="cơ quan tổ chức", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")  # fmt: skip
    form = models.ForeignKey(ActivityForm, verbose_name="hình thức", on_delete=models.PROTECT)
    target_group = models.CharField("đối tượng", max_length=30, choices=TargetGroup.choices)
    title = models.CharField("nội dung", max_length=255)
    participants_male = models.PositiveIntegerField("người tham dự: nam", default=0)
    participants_female = models.PositiveIntegerField("người tham dự: nữ", default=0)
    materials = models.PositiveIntegerField("tài liệu phát ra", default=0)
    evidence = models.FileField("minh chứng (ảnh, tệp)", upload_to="outreach/%Y/", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on"]
        verbose_name = "hoạt động tuyên truyền"
        verbose_name_plural = "hoạt động tuyên truyền"
        indexes = [models.Index(fields=["held_on", "unit"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class PressItem(BusinessModel):
    class Outlet(models.TextChoices):
        BAO_CA_MAU = "bao_ca_mau", "Báo Cà Mau"
        DAI_PTTH = "dai_ptth", "Đài Phát thanh – Truyền hình Cà Mau"
        PORTAL = "portal", "Cổng thông tin điện tử tỉnh"
        OTHER = "other", "Cơ quan báo chí khác"

    outlet = models.CharField("cơ quan báo chí", max_length=20, choices=Outlet.choices)
    published_on = models.DateField("ngày đăng, phát", db_index=True)
    title = models.CharField("tiêu đề", max_length=255)
    link = models.URLField("đường dẫn", blank=True)
    kind = models.CharField("thể loại", max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on"]
        verbose_name = "tin, bài báo chí"
        verbose_name_plural = "tin, bài báo chí"

    def __str__(self) -> str:
        return self.title
