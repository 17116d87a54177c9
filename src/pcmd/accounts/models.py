from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pcmd.core.models import TimestampedModel
from pcmd.geography.models import AdminUnit


class Role(models.TextChoices):
    LEAD_OFFICER = "lead_officer", "Cán bộ cơ quan thường trực"
    INSPECTOR = "inspector", "Thành viên đội kiểm tra liên ngành"
    POLICE = "police", "Cán bộ công an, thụ lý tin báo"
    DEPARTMENT_OFFICER = "department_officer", "Cán bộ sở, ngành"
    LOCAL_OFFICER = "local_officer", "Cán bộ cấp huyện, cấp xã"
    SUPPORT_WORKER = "support_worker", "Cán bộ hỗ trợ"
    LEADER = "leader", "Lãnh đạo"
    ADMINISTRATOR = "administrator", "Quản trị hệ thống"
    AUDITOR = "auditor", "Kiểm tra, giám sát"


class User(AbstractUser):
    figure_source = False  # no figure reads it (indicators.invalidation)

    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.username


class Agency(TimestampedModel):
    """A body that takes part in the program (Sở, Công an tỉnh, UBND xã, ...)."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=60, blank=True)
    unit = models.ForeignKey(AdminUnit, verbose_name="địa bàn", on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField("hoạt động từ", null=True, blank=True)
    valid_to = models.DateField("hoạt động đến", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan"

    def __str__(self) -> str:
        return self.short_name or self.name


class Membership(TimestampedModel):
    """A user's role in an agency over a unit (and everything under it)."""

    figure_source = False  # no figure reads it (indicators.invalidation)

    user = models.ForeignKey(
        User, verbose_name="người dùng", on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="memberships"
    )
    unit = models.ForeignKey(AdminUnit, verbose_name="địa bàn", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("vai trò", max_length=30, choices=Role.choices)
    valid_from = models.DateField("từ ngày", null=True, blank=True)
    valid_to = models.DateField("đến ngày", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "unit", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"


# API token scopes: "<module>:read" or "<module>:write" (write includes read); "*:read" / "*:write" cover every
# module except the sensitive ones, which a token reaches only when they are named.
TOKEN_MODULES = {
    "plans": "Kế hoạch, nhiệm vụ",
    "establishments": "Cơ sở kinh doanh, kiểm tra",
    "outreach": "Tuyên truyền, tập huấn",
    "indicators": "Chỉ tiêu",
    "tips": "Tin báo, tố cáo, vụ việc (nhạy cảm: chỉ khi ghi rõ)",
}
SENSITIVE_MODULES = frozenset({"tips"})
TOKEN_SCOPES = ["*:read", "*:write", *(f"{m}:{a}" for m in TOKEN_MODULES for a in ("read", "write"))]


def default_token_expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.PCMD_TOKEN_DAYS)


class ApiToken(TimestampedModel):
    """A machine's token. Only a SHA-256 of the secret is stored; scopes limit what it reaches, it expires, and it
    never reaches more than its user."""

    figure_source = False  # no figure reads it (indicators.invalidation)

    user = models.ForeignKey(
        User, verbose_name="thay mặt người dùng", on_delete=models.CASCADE, related_name="tokens"
    )
    name = models.CharField("tên", max_length=100)
    prefix = models.CharField("tiền tố", max_length=12, db_index=True)
    digest = models.CharField("mã băm", max_length=64, unique=True)
    scopes = models.JSONField("phạm vi", default=list, blank=True)
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    revoked_by = models.ForeignKey(User, verbose_name="người thu hồi", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    expires_at = models.DateTimeField("hết hạn lúc", default=default_token_expiry)

    class Meta:
        verbose_name = "khóa API"
        verbose_name_plural = "khóa API"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class EnrolmentCode(models.Model):
    """A one-time code an administrator gives a user to set up the second factor: the password alone cannot
    register a phone. Only a SHA-256 of the code is stored; it expires and works once."""

    user = models.ForeignKey(
        User, verbose_name="người dùng", on_delete=models.CASCADE, related_name="enrolment_codes"
    )
    digest = models.CharField("mã băm", max_length=64)
    issued_by = models.ForeignKey(User, verbose_name="người cấp", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")  # fmt: skip
    created_at = models.DateTimeField("cấp lúc", auto_now_add=True)
    expires_at = models.DateTimeField("hết hạn lúc")
    used_at = models.DateTimeField("dùng lúc", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "mã đăng ký xác thực hai lớp"
        verbose_name_plural = "mã đăng ký xác thực hai lớp"

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%d/%m/%Y %H:%M}"


class SecurityEvent(models.Model):
    """Account security actions, kept for the auditors: codes issued, second factors reset, lockouts lifted."""

    class Kind(models.TextChoices):
        ENROLMENT_CODE = "enrolment_code", "Cấp mã đăng ký xác thực hai lớp"
        ENROLLED = "enrolled", "Bật xác thực hai lớp"
        FACTOR_RESET = "factor_reset", "Đặt lại xác thực hai lớp"
        UNLOCKED = "unlocked", "Mở khóa đăng nhập"

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, verbose_name="người thực hiện", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")  # fmt: skip
    user = models.ForeignKey(User, verbose_name="tài khoản", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")  # fmt: skip
    kind = models.CharField("việc", max_length=20, choices=Kind.choices)
    detail = models.TextField("chi tiết", blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = "sự kiện bảo mật"
        verbose_name_plural = "sự kiện bảo mật"

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_kind_display()} {self.user}"
