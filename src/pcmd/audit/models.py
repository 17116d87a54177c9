"""The access log of sensitive reads: who read what, when, for which purpose (append-only)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AccessLog(models.Model):
    figure_source = False  # no figure reads it (indicators.invalidation)

    class Purpose(models.TextChoices):
        SERVICE = "service", "Cung cấp dịch vụ, quản lý ca"
        REFERRAL = "referral", "Chuyển gửi"
        HANDLING = "handling", "Giải quyết tin báo, tố cáo"
        VERIFY_REPORTER = "verify_reporter", "Liên hệ, xác minh với người tố giác, tố cáo"
        PROTECT_REPORTER = "protect_reporter", "Áp dụng biện pháp bảo vệ người tố giác, tố cáo"
        SUPERVISION = "supervision", "Giám sát chuyên môn"
        CLIENT_REQUEST = "client_request", "Theo yêu cầu của chính người được hỗ trợ"
        BREAK_GLASS = "break_glass", "Truy cập khẩn cấp (phá kính)"

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người đọc", on_delete=models.PROTECT,
                             related_name="+")  # fmt: skip
    module = models.CharField("phân hệ", max_length=20)
    object_ref = models.CharField("bản ghi", max_length=60, db_index=True)
    action = models.CharField("thao tác", max_length=30, default="read")
    purpose = models.CharField("mục đích", max_length=20, choices=Purpose.choices)
    reason = models.TextField("lý do (bắt buộc khi truy cập khẩn cấp)", blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = "nhật ký truy cập"
        verbose_name_plural = "nhật ký truy cập"

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.user} {self.module}:{self.object_ref}"


# The purposes a reader may choose in each module (break-the-glass has its own form with a written reason).
TIP_PURPOSES = [(p.value, p.label) for p in (AccessLog.Purpose.HANDLING, AccessLog.Purpose.VERIFY_REPORTER,
                                             AccessLog.Purpose.PROTECT_REPORTER)]  # fmt: skip
SUPPORT_PURPOSES = [(p.value, p.label) for p in (AccessLog.Purpose.SERVICE, AccessLog.Purpose.REFERRAL,
                                                 AccessLog.Purpose.SUPERVISION, AccessLog.Purpose.CLIENT_REQUEST)]  # fmt: skip
