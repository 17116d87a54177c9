"""Base model mixins and the editable working-day exceptions table."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class TimestampedModel(models.Model):
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True


class AuthoredModel(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người tạo", on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người sửa", on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """Optimistic locking: services compare the version the user saw with the stored one."""

    version = models.PositiveIntegerField("phiên bản", default=1)

    class Meta:
        abstract = True


class BusinessModel(TimestampedModel, AuthoredModel, VersionedModel):
    """What every editable business record carries."""

    class Meta:
        abstract = True


class EditableList(TimestampedModel):
    """An item of a list officials edit (business types, communication forms, programs, model kinds): a stable
    code for files and imports, a name, an order, and retirement instead of deletion."""

    code = models.SlugField("mã", max_length=30, unique=True)
    name = models.CharField("tên", max_length=200)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    active = models.BooleanField("đang dùng", default=True)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class CalendarException(TimestampedModel):
    """A yearly exception to the standard calendar: an extra day off (nghỉ bù) or a make-up working day
    (làm bù), from the Government's yearly holiday notice."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", "Ngày nghỉ (nghỉ bù, nghỉ thêm)"
        WORKING_DAY = "working_day", "Ngày làm việc bù"

    day = models.DateField("ngày", unique=True)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    note = models.CharField("căn cứ / ghi chú", max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["day"]
        verbose_name = "ngày ngoại lệ của lịch làm việc"
        verbose_name_plural = "ngày ngoại lệ của lịch làm việc"

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} – {self.get_kind_display()}"


class ImportBatch(TimestampedModel):
    """An uploaded file and what became of it: accepted whole, or refused whole with its row-by-row report.
    The file is kept either way."""

    figure_source = False  # no figure reads it (indicators.invalidation)

    class Status(models.TextChoices):
        ACCEPTED = "accepted", "Đã nhập"
        REFUSED = "refused", "Bị từ chối (không nhập dòng nào)"
        PREVIEW = "preview", "Chờ xác nhận"
        CANCELLED = "cancelled", "Đã hủy (không nhập dòng nào)"

    kind = models.CharField("loại dữ liệu", max_length=40)
    file = models.FileField("tệp", upload_to="imports/%Y/%m/")
    original_name = models.CharField("tên tệp", max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người tải lên", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    status = models.CharField("kết quả", max_length=10, choices=Status.choices)
    rows = models.PositiveIntegerField("số dòng", default=0)
    created_count = models.PositiveIntegerField("thêm mới", default=0)
    updated_count = models.PositiveIntegerField("cập nhật", default=0)
    unchanged_count = models.PositiveIntegerField("không thay đổi", default=0)
    preview = models.JSONField("bản xem trước", default=dict, blank=True)
    errors = models.JSONField("lỗi", default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "lần nhập dữ liệu"
        verbose_name_plural = "lần nhập dữ liệu"

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"


class DataVersion(models.Model):
    """A counter bumped whenever records under the figures change: cached figures and generated reports
    carry the version they were computed from."""

    figure_source = False  # no figure reads it (indicators.invalidation)

    key = models.CharField(max_length=40, unique=True)
    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "phiên bản dữ liệu"
        verbose_name_plural = "phiên bản dữ liệu"

    def __str__(self) -> str:
        return f"{self.key}: {self.version}"


class FieldKeyCheck(models.Model):
    """A value encrypted with the field keys in use: a process with other keys refuses to start writing."""

    figure_source = False  # no figure reads it (indicators.invalidation)

    token = models.TextField()

    class Meta:
        verbose_name = "kiểm tra khóa mã hóa"
        verbose_name_plural = "kiểm tra khóa mã hóa"

    def __str__(self) -> str:
        return "khóa mã hóa"


class Notification(TimestampedModel):
    """An in-app notice to one user (a clock about to expire, an extension waiting for a decision)."""

    figure_source = False  # no figure reads it (indicators.invalidation)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhận",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    text = models.CharField("nội dung", max_length=255)
    link = models.CharField("đường dẫn", max_length=255, blank=True)
    key = models.CharField("khóa chống trùng", max_length=120, blank=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~models.Q(key=""), name="notification_once_per_key"
            )
        ]

    def __str__(self) -> str:
        return self.text
