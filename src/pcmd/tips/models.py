"""Tips, denunciations and complaints with their statutory clocks (T08), and prostitution cases (T09).

The reporter's identity is encrypted at rest and excluded from history; `policies` decides who reads it.
Establishments are linked by name ("establishments.Establishment"): sibling registries do not import each other."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from pcmd.accounts.models import Agency, Role
from pcmd.core.crypto import EncryptedFileField, EncryptedTextField
from pcmd.core.models import BusinessModel, TimestampedModel
from pcmd.geography.models import AdminUnit
from pcmd.tips.clock import RuleSpec, Step


class Kind(models.TextChoices):
    CRIME_TIP = "crime_tip", "Tố giác, tin báo về tội phạm, kiến nghị khởi tố"
    DENUNCIATION = "denunciation", "Tố cáo"
    COMPLAINT_1 = "complaint_1", "Khiếu nại lần đầu"
    COMPLAINT_2 = "complaint_2", "Khiếu nại lần hai"
    PETITION = "petition", "Kiến nghị, phản ánh"
    OUT_OF_SCOPE = "out_of_scope", "Không thuộc phạm vi"


class DayCount(models.TextChoices):
    CALENDAR = "calendar", "ngày (theo lịch)"
    WORKING = "working", "ngày làm việc"
    MONTHS = "months", "tháng"


CONFIDENCE = [("C", "C – đã xác nhận"), ("P", "P – có căn cứ, cần đối chiếu"), ("U", "U – cần xác nhận")]


class ClockRule(TimestampedModel):
    """The statutory clock of one kind of matter from `effective_from` on, seeded from DOMAIN §4 and editable by
    administrators with history. A matter follows the version in force on the day it was received, so a change
    applies to matters received on or after its effective date. Each part carries its article and confidence."""

    class Start(models.TextChoices):
        RECEIVED = "received", "Ngày tiếp nhận"
        ACCEPTED = "accepted", "Ngày thụ lý"

    kind = models.CharField("loại việc", max_length=20, choices=Kind.choices)
    effective_from = models.DateField("áp dụng cho việc tiếp nhận từ ngày")
    legal_basis = models.CharField("căn cứ pháp lý (thời hạn giải quyết)", max_length=255)
    confidence = models.CharField("mức chắc chắn", max_length=1, choices=CONFIDENCE)
    starts_on = models.CharField(
        "thời hạn tính từ", max_length=10, choices=Start.choices, default=Start.RECEIVED
    )
    accept_limit = models.PositiveSmallIntegerField(
        "thời hạn thụ lý", default=0, help_text="0 = không có giai đoạn thụ lý riêng"
    )
    accept_count = models.CharField("đơn vị thời hạn thụ lý", max_length=10, choices=DayCount.choices,
                                    default=DayCount.WORKING)  # fmt: skip
    accept_basis = models.CharField("căn cứ, mức chắc chắn (thời hạn thụ lý)", max_length=255, blank=True)
    limit = models.PositiveSmallIntegerField("thời hạn giải quyết")
    limit_count = models.CharField("đơn vị thời hạn", max_length=10, choices=DayCount.choices)
    remote_limit = models.PositiveSmallIntegerField(
        "thời hạn ở vùng sâu, vùng xa", default=0, help_text="0 = như thời hạn chung"
    )
    steps = models.JSONField(
        "các bước gia hạn", default=list, blank=True,
        help_text="Danh sách, mỗi bước: name, mode (add|total), amount, count (calendar|working|months), "
                  "remote_amount, max_times, approver (vai trò hoặc external), approver_label, window, basis, "
                  "confidence (C|P|U).",
    )  # fmt: skip
    suspension_allowed = models.BooleanField("được tạm đình chỉ", default=False)
    suspension_basis = models.CharField("căn cứ tạm đình chỉ, phục hồi", max_length=255, blank=True)
    suspension_approver = models.CharField("vai trò quyết định tạm đình chỉ", max_length=20, choices=Role.choices,
                                           default=Role.LEADER)  # fmt: skip
    resume_limit = models.PositiveSmallIntegerField(
        "thời hạn sau phục hồi",
        default=0,
        help_text="0 = tiếp tục thời hạn còn lại (đồng hồ dừng khi tạm đình chỉ)",
    )
    resume_count = models.CharField("đơn vị thời hạn sau phục hồi", max_length=10, choices=DayCount.choices,
                                    default=DayCount.CALENDAR)  # fmt: skip
    resume_confidence = models.CharField("mức chắc chắn (sau phục hồi)", max_length=1, choices=CONFIDENCE,
                                         default="U")  # fmt: skip
    roll_days = models.BooleanField("hạn tính theo ngày rơi vào ngày nghỉ thì lùi sang ngày làm việc kế tiếp",
                                    default=True)  # fmt: skip
    roll_months = models.BooleanField("hạn tính theo tháng rơi vào ngày nghỉ thì lùi sang ngày làm việc kế tiếp",
                                      default=True)  # fmt: skip
    roll_basis = models.CharField("căn cứ lùi hạn", max_length=255, blank=True)
    roll_confidence = models.CharField(
        "mức chắc chắn (lùi hạn)", max_length=1, choices=CONFIDENCE, default="P"
    )
    note = models.TextField("ghi chú", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-effective_from"]
        verbose_name = "quy tắc thời hạn"
        verbose_name_plural = "quy tắc thời hạn"
        constraints = [
            models.UniqueConstraint(fields=["kind", "effective_from"], name="clock_rule_one_version_per_day"),
            models.CheckConstraint(condition=models.Q(limit__gt=0), name="clock_rule_limit_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (từ {self.effective_from:%d/%m/%Y}): {self.limit} {self.get_limit_count_display()}"

    @property
    def spec(self) -> RuleSpec:
        return RuleSpec(
            kind=self.kind, legal_basis=self.legal_basis, confidence=self.confidence, starts_on=self.starts_on,
            accept_limit=self.accept_limit, accept_count=self.accept_count, limit=self.limit,
            limit_count=self.limit_count, remote_limit=self.remote_limit,
            steps=tuple(Step(**s) for s in self.steps or []), suspension_allowed=self.suspension_allowed,
            suspension_basis=self.suspension_basis, resume_limit=self.resume_limit, resume_count=self.resume_count,
            roll_days=self.roll_days, roll_months=self.roll_months,
        )  # fmt: skip


class Tip(BusinessModel):
    class Channel(models.TextChoices):
        HOTLINE = "hotline", "Đường dây nóng"
        PHONE = "phone", "Điện thoại"
        IN_PERSON = "in_person", "Trực tiếp"
        LETTER = "letter", "Đơn, thư"
        PORTAL = "portal", "Thư điện tử, cổng thông tin"
        TRANSFERRED = "transferred", "Cơ quan khác chuyển đến"
        PRESS = "press", "Báo chí"

    class Status(models.TextChoices):
        RECEIVED = "received", "Mới tiếp nhận"
        IN_PROGRESS = "in_progress", "Đang giải quyết"
        SUSPENDED = "suspended", "Tạm đình chỉ"
        RESOLVED = "resolved", "Đã có kết quả"
        CLOSED = "closed", "Đã kết thúc"

    reference = models.CharField("số tiếp nhận", max_length=40, unique=True)
    received_at = models.DateTimeField("thời điểm tiếp nhận", db_index=True)
    channel = models.CharField("hình thức tiếp nhận", max_length=20, choices=Channel.choices)
    kind = models.CharField("loại việc", max_length=20, choices=Kind.choices, blank=True)
    anonymous = models.BooleanField("nặc danh", default=False)
    reporter_name = EncryptedTextField("họ tên người tố giác, tố cáo", blank=True)
    reporter_contact = EncryptedTextField("địa chỉ, điện thoại liên hệ", blank=True)
    content = models.TextField("nội dung")
    unit = models.ForeignKey(
        AdminUnit, verbose_name="xã, phường xảy ra", on_delete=models.PROTECT, related_name="+"
    )
    establishment = models.ForeignKey("establishments.Establishment", verbose_name="cơ sở liên quan", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="tips")  # fmt: skip
    competent_body = models.ForeignKey(Agency, verbose_name="cơ quan có thẩm quyền", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")  # fmt: skip
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người được giao", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")  # fmt: skip
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người giao việc", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")  # fmt: skip
    status = models.CharField("tình trạng", max_length=20, choices=Status.choices, default=Status.RECEIVED)
    remote_area = models.BooleanField("vùng sâu, vùng xa đi lại khó khăn", default=False)
    due_on = models.DateField("hạn giải quyết", null=True, blank=True, db_index=True)
    due_count = models.CharField("hạn tính theo", max_length=10, choices=DayCount.choices, blank=True)
    extension_pending = models.BooleanField("đang chờ quyết định gia hạn", default=False)
    result = models.TextField("kết quả giải quyết", blank=True)
    closed_on = models.DateField("ngày kết thúc", null=True, blank=True, db_index=True)
    on_time = models.BooleanField("đúng hạn", null=True, editable=False)
    merged_into = models.ForeignKey("self", verbose_name="trùng với việc", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="duplicates")  # fmt: skip
    attachment = EncryptedFileField(
        "tệp đính kèm", upload_to="tips/%Y/", blank=True
    )  # may name the denouncer
    history = HistoricalRecords(excluded_fields=["reporter_name", "reporter_contact"])

    class Meta:
        ordering = ["-received_at"]
        verbose_name = "tin báo, tố cáo, khiếu nại"
        verbose_name_plural = "tin báo, tố cáo, khiếu nại"
        indexes = [models.Index(fields=["closed_on", "unit"]), models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.reference


class ClockEvent(models.Model):
    """One step of a tip's clock; `due_after` is the due date that held once the event was applied."""

    class Type(models.TextChoices):
        RECEIVED = "received", "Tiếp nhận"
        CLASSIFIED = "classified", "Phân loại"
        ACCEPTED = "accepted", "Thụ lý"
        NOT_ACCEPTED = "not_accepted", "Không thụ lý"
        EXTENSION_ASKED = "extension_asked", "Đề nghị gia hạn"
        EXTENSION_APPROVED = "extension_approved", "Đồng ý gia hạn"
        EXTENSION_REFUSED = "extension_refused", "Không đồng ý gia hạn"
        SUSPENSION_ASKED = "suspension_asked", "Đề nghị tạm đình chỉ"
        SUSPENDED = "suspended", "Tạm đình chỉ"
        RESUMED = "resumed", "Phục hồi giải quyết"
        TRANSFERRED = "transferred", "Chuyển cơ quan khác"
        RESOLVED = "resolved", "Có kết quả giải quyết"
        CLOSED = "closed", "Kết thúc"

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="events")
    type = models.CharField("sự kiện", max_length=20, choices=Type.choices)
    on = models.DateField("ngày")
    amount = models.PositiveSmallIntegerField("thời gian gia hạn", null=True, blank=True)
    step = models.PositiveSmallIntegerField("bước gia hạn", null=True, blank=True)
    decision_no = models.CharField("số quyết định", max_length=60, blank=True)
    note = models.TextField("ghi chú", blank=True)
    due_after = models.DateField("hạn sau sự kiện", null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")  # fmt: skip
    created_at = models.DateTimeField("ghi lúc", auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = "sự kiện thời hạn"
        verbose_name_plural = "sự kiện thời hạn"

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.on:%d/%m/%Y}"


class Case(BusinessModel):
    """A prostitution case (vụ việc) detected by the authorities."""

    class Type(models.TextChoices):
        HARBOURING = "harbouring", "Chứa mại dâm"
        BROKERING = "brokering", "Môi giới mại dâm"
        ORGANISED = "organised", "Tổ chức hoạt động mại dâm (đường dây)"
        ONLINE = "online", "Mại dâm qua mạng"
        HOT_SPOT = "hot_spot", "Tụ điểm mại dâm công cộng"

    class Handling(models.TextChoices):
        ADMINISTRATIVE = "administrative", "Xử lý hành chính"
        CRIMINAL = "criminal", "Xử lý hình sự"

    class Status(models.TextChoices):
        INVESTIGATING = "investigating", "Đang điều tra, xác minh"
        DISMANTLED = "dismantled", "Đã triệt phá"
        PROSECUTED = "prosecuted", "Đã khởi tố"
        TRIED = "tried", "Đã xét xử"

    reference = models.CharField("số hồ sơ", max_length=40, unique=True)
    detected_on = models.DateField("ngày phát hiện", db_index=True)
    unit = models.ForeignKey(AdminUnit, verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    type = models.CharField("loại vụ việc", max_length=20, choices=Type.choices)
    handling = models.CharField("hình thức xử lý", max_length=20, choices=Handling.choices)
    status = models.CharField(
        "tình trạng", max_length=20, choices=Status.choices, default=Status.INVESTIGATING
    )
    dismantled_on = models.DateField("ngày triệt phá", null=True, blank=True)
    summary = models.TextField("tóm tắt", blank=True)
    tips = models.ManyToManyField(Tip, verbose_name="tin báo liên quan", blank=True, related_name="cases")
    establishments = models.ManyToManyField("establishments.Establishment", verbose_name="cơ sở liên quan", blank=True,
                                            related_name="cases")  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        ordering = ["-detected_on"]
        verbose_name = "vụ việc mại dâm"
        verbose_name_plural = "vụ việc mại dâm"

    def __str__(self) -> str:
        return self.reference

    @property
    def dismantled(self) -> bool:
        return self.status != self.Status.INVESTIGATING


class CasePerson(TimestampedModel):
    """A person handled in a case, by role only: no name is recorded here (data minimisation)."""

    class Role(models.TextChoices):
        OWNER = "owner", "Chủ chứa, người chứa"
        BROKER = "broker", "Người môi giới"
        SELLER = "seller", "Người bán dâm"
        BUYER = "buyer", "Người mua dâm"
        PROTECTOR = "protector", "Người bảo kê"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="persons")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    count = models.PositiveSmallIntegerField("số người", default=1)
    handling = models.CharField("hình thức xử lý", max_length=20, choices=Case.Handling.choices)

    class Meta:
        verbose_name = "người bị xử lý"
        verbose_name_plural = "người bị xử lý"
