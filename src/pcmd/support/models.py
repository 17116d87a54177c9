"""Pseudonymous support cases (T13). Sensitive personal data (Luật 91/2025): only a generated code and coarse
facts by default; identifying details only with consent, encrypted; nothing of this module leaves it except the
counts of `measures.py`. No admin registration, no API route, no history outside the module."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from pcmd.core.crypto import EncryptedTextField
from pcmd.core.models import BusinessModel, TimestampedModel
from pcmd.geography.models import AdminUnit


class Provider(TimestampedModel):
    class Kind(models.TextChoices):
        SOCIAL_WORK = "social_work", "Trung tâm công tác xã hội"
        HEALTH = "health", "CDC, cơ sở y tế"
        LEGAL_AID = "legal_aid", "Trung tâm trợ giúp pháp lý"
        MASS_ORG = "mass_org", "Tổ chức chính trị – xã hội"
        PEER = "peer", "Nhóm đồng đẳng"
        NGO = "ngo", "Tổ chức phi chính phủ"

    name = models.CharField("tên", max_length=200, unique=True)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(AdminUnit, verbose_name="địa bàn", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name"]
        verbose_name = "đơn vị hỗ trợ"
        verbose_name_plural = "đơn vị hỗ trợ"

    def __str__(self) -> str:
        return self.name


class Staff(TimestampedModel):
    """A support worker or supervisor of a provider: the only people who reach its clients."""

    figure_source = False  # no figure reads it (indicators.invalidation)

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    supervisor = models.BooleanField("giám sát chuyên môn", default=False)
    valid_from = models.DateField("từ ngày")
    valid_to = models.DateField("đến ngày", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "cán bộ hỗ trợ"
        verbose_name_plural = "cán bộ hỗ trợ"
        constraints = [models.UniqueConstraint(fields=["provider", "user", "valid_from"], name="staff_once")]

    def __str__(self) -> str:
        return f"{self.user} – {self.provider}"


class Client(BusinessModel):
    class Sex(models.TextChoices):
        FEMALE = "female", "Nữ"
        MALE = "male", "Nam"
        OTHER = "other", "Khác / không nêu"

    class AgeGroup(models.TextChoices):
        UNDER_18 = "u18", "Dưới 18"
        A18_24 = "18-24", "18–24"
        A25_34 = "25-34", "25–34"
        A35_49 = "35-49", "35–49"
        A50 = "50+", "Từ 50"

    code = models.CharField("mã", max_length=12, unique=True)
    provider = models.ForeignKey(Provider, verbose_name="đơn vị quản lý", on_delete=models.PROTECT,
                                 related_name="clients")  # fmt: skip
    age_group = models.CharField("nhóm tuổi", max_length=5, choices=AgeGroup.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField("năm sinh", null=True, blank=True)
    sex = models.CharField("giới tính", max_length=10, choices=Sex.choices)
    unit = models.ForeignKey(AdminUnit, verbose_name="xã, phường cư trú", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")  # fmt: skip
    nationality = models.CharField("quốc tịch", max_length=40, default="Việt Nam")
    first_contact_on = models.DateField("ngày tiếp cận đầu tiên")
    closed_on = models.DateField("ngày đóng hồ sơ", null=True, blank=True)
    anonymised_at = models.DateTimeField("ẩn danh hóa lúc", null=True, blank=True)
    full_name = EncryptedTextField("họ tên", blank=True)
    phone = EncryptedTextField("điện thoại", blank=True)
    id_number = EncryptedTextField("số định danh", blank=True)
    history = HistoricalRecords(excluded_fields=["full_name", "phone", "id_number"])

    class Meta:
        ordering = ["code"]
        verbose_name = "người được hỗ trợ"
        verbose_name_plural = "người được hỗ trợ"

    def __str__(self) -> str:
        return self.code


class Consent(TimestampedModel):
    class Purpose(models.TextChoices):
        SERVICES = "services", "Nhận dịch vụ"
        REFERRAL = "referral", "Chuyển gửi sang đơn vị khác"
        PHONE = "phone", "Liên hệ qua điện thoại"
        IDENTIFYING = "identifying", "Ghi thông tin nhận dạng (họ tên, điện thoại, số định danh)"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField("mục đích", max_length=20, choices=Purpose.choices)
    stated_purpose = models.CharField("mục đích cụ thể", max_length=255, blank=True)
    given_on = models.DateField("ngày đồng ý")
    withdrawn_on = models.DateField("ngày rút lại", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-given_on"]
        verbose_name = "sự đồng ý"
        verbose_name_plural = "sự đồng ý"


class Need(models.TextChoices):
    HEALTH = "health", "Y tế, HIV/STI"
    LEGAL = "legal", "Pháp lý"
    PSYCHOLOGICAL = "psychological", "Tâm lý"
    EDUCATION = "education", "Học văn hóa"
    VOCATIONAL = "vocational", "Học nghề"
    JOB = "job", "Việc làm"
    LOAN = "loan", "Vay vốn"
    OTHER = "other", "Khác"


class Assessment(TimestampedModel):
    """Needs and eligibility on a date: together the "needs and is eligible" denominator of T13."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField("ngày đánh giá")
    needs = models.JSONField("nhu cầu", default=list)
    eligible = models.BooleanField("đủ điều kiện hỗ trợ", default=False)
    eligibility_basis = models.CharField("căn cứ", max_length=255, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-assessed_on"]
        verbose_name = "đánh giá nhu cầu"
        verbose_name_plural = "đánh giá nhu cầu"

    @property
    def need_labels(self) -> str:
        return ", ".join(str(Need(n).label) for n in self.needs if n in Need.values)


class Service(TimestampedModel):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="services")
    type = models.CharField("loại dịch vụ", max_length=20, choices=Need.choices)
    provider = models.ForeignKey(
        Provider, verbose_name="đơn vị cung cấp", on_delete=models.PROTECT, related_name="+"
    )
    delivered_on = models.DateField("ngày", db_index=True)
    outcome = models.CharField("kết quả", max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A service recorded by mistake is voided, never deleted: it stays on the record (with who and why) and leaves
    # every count (T13).
    voided_at = models.DateTimeField("hủy lúc", null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    void_reason = models.CharField("lý do hủy", max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-delivered_on"]
        verbose_name = "dịch vụ đã cung cấp"
        verbose_name_plural = "dịch vụ đã cung cấp"


class Referral(TimestampedModel):
    class Status(models.TextChoices):
        SENT = "sent", "Đã chuyển"
        ACCEPTED = "accepted", "Đơn vị nhận đồng ý"
        REFUSED = "refused", "Đơn vị nhận từ chối"
        COMPLETED = "completed", "Đã hoàn thành"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="referrals")
    to_provider = models.ForeignKey(Provider, verbose_name="chuyển đến", on_delete=models.PROTECT,
                                    related_name="incoming")  # fmt: skip
    need = models.CharField("nhu cầu", max_length=20, choices=Need.choices)
    referred_on = models.DateField("ngày chuyển")
    status = models.CharField("tình trạng", max_length=10, choices=Status.choices, default=Status.SENT)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)

    class Meta:
        ordering = ["-referred_on"]
        verbose_name = "chuyển gửi"
        verbose_name_plural = "chuyển gửi"


class FollowUp(TimestampedModel):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="followups")
    due_on = models.DateField("hạn theo dõi", db_index=True)
    done_on = models.DateField("đã thực hiện", null=True, blank=True)
    note = models.CharField("nội dung", max_length=255, blank=True)

    class Meta:
        ordering = ["due_on"]
        verbose_name = "theo dõi"
        verbose_name_plural = "theo dõi"
