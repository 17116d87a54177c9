"""Communication (T01, T02), reach of industrial-zone workers and students (T04, T05), local plans (T06, T07),
pilot models (T12) and training (T14). Reach of workers at establishments (T03) lives with the establishments."""

from __future__ import annotations

from datetime import date

from django.db import models
from simple_history.models import HistoricalRecords

from pcmd.accounts.models import Agency
from pcmd.core.models import AuthoredModel, BusinessModel, EditableList, TimestampedModel
from pcmd.geography.models import AdminUnit


class ActivityForm(EditableList):
    """Editable list of communication forms (loa truyền thanh, pa-nô, họp dân, ...)."""

    history = HistoricalRecords()

    class Meta(EditableList.Meta):
        verbose_name = "hình thức tuyên truyền"
        verbose_name_plural = "hình thức tuyên truyền"


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
    zone = models.ForeignKey("IndustrialZone", verbose_name="khu công nghiệp", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="activities")  # fmt: skip
    school = models.ForeignKey("School", verbose_name="trường", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="activities")  # fmt: skip
    establishments = models.ManyToManyField("establishments.Establishment", verbose_name="cơ sở được tuyên truyền",
                                            blank=True, related_name="+")  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on"]
        verbose_name = "hoạt động tuyên truyền"
        verbose_name_plural = "hoạt động tuyên truyền"
        indexes = [models.Index(fields=["held_on", "unit"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class Outlet(EditableList):
    """Where a press item appeared (editable list). Only outlets flagged as press agencies of the province count
    for T02 ("cơ quan báo chí tỉnh"); the provincial portal and other outlets are recorded but do not count."""

    press_agency = models.BooleanField(
        "cơ quan báo chí của tỉnh (tính cho T02)",
        default=False,
        help_text="Chỉ tin, bài của cơ quan báo chí tỉnh được tính cho chỉ tiêu T02.",
    )
    history = HistoricalRecords()

    class Meta(EditableList.Meta):
        verbose_name = "nơi đăng tin, bài"
        verbose_name_plural = "nơi đăng tin, bài"


class PressItem(BusinessModel):
    outlet = models.ForeignKey(Outlet, verbose_name="nơi đăng", on_delete=models.PROTECT, related_name="+")
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


class IndustrialZone(TimestampedModel):
    name = models.CharField("khu công nghiệp", max_length=160)
    unit = models.ForeignKey(AdminUnit, verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField("đang hoạt động", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "khu công nghiệp"
        verbose_name_plural = "khu công nghiệp"

    def __str__(self) -> str:
        return self.name


class ZoneYear(BusinessModel):
    """A zone's workers in a year (the T04 denominator, with its source) and how many were reached."""

    zone = models.ForeignKey(IndustrialZone, verbose_name="khu công nghiệp", on_delete=models.PROTECT,
                             related_name="years")  # fmt: skip
    year = models.PositiveSmallIntegerField("năm")
    workers = models.PositiveIntegerField("số người lao động")
    workers_reached = models.PositiveIntegerField("số người lao động được tuyên truyền", default=0)
    source = models.CharField("nguồn số liệu", max_length=255)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "zone__name"]
        verbose_name = "số liệu năm của khu công nghiệp"
        verbose_name_plural = "số liệu năm của khu công nghiệp"
        constraints = [
            models.UniqueConstraint(fields=["zone", "year"], name="zone_year_unique"),
            models.CheckConstraint(condition=models.Q(workers_reached__lte=models.F("workers")),
                                   name="zone_reached_lte_workers"),
        ]  # fmt: skip


class School(TimestampedModel):
    class Kind(models.TextChoices):
        UPPER_SECONDARY = "upper_secondary", "Trường trung học phổ thông"
        UNIVERSITY = "university", "Cơ sở giáo dục đại học"
        VOCATIONAL = "vocational", "Cơ sở giáo dục nghề nghiệp"

    name = models.CharField("tên trường", max_length=160)
    kind = models.CharField("loại trường", max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(AdminUnit, verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField("đang hoạt động", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "trường học"
        verbose_name_plural = "trường học"

    def __str__(self) -> str:
        return self.name


class SchoolYear(BusinessModel):
    """A school's enrolment in a year (the T05 denominator, with its source) and students reached."""

    school = models.ForeignKey(School, verbose_name="trường", on_delete=models.PROTECT, related_name="years")
    year = models.PositiveSmallIntegerField("năm")
    enrolled = models.PositiveIntegerField("số học sinh, sinh viên")
    students_reached = models.PositiveIntegerField("số học sinh, sinh viên được tuyên truyền", default=0)
    source = models.CharField("nguồn số liệu", max_length=255)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "school__name"]
        verbose_name = "số liệu năm của trường"
        verbose_name_plural = "số liệu năm của trường"
        constraints = [
            models.UniqueConstraint(fields=["school", "year"], name="school_year_unique"),
            models.CheckConstraint(condition=models.Q(students_reached__lte=models.F("enrolled")),
                                   name="school_reached_lte_enrolled"),
        ]  # fmt: skip


class Program(EditableList):
    """Editable list of programs a local plan can be integrated with (T07)."""

    history = HistoricalRecords()

    class Meta(EditableList.Meta):
        verbose_name = "chương trình lồng ghép"
        verbose_name_plural = "chương trình lồng ghép"


class LocalPlan(BusinessModel):
    """A district's (until 30/06/2025) or a commune's plan for a year: T06 (plan and activities organised) and
    T07 (integrated with other programs)."""

    unit = models.ForeignKey(AdminUnit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    document_number = models.CharField("số kế hoạch", max_length=60)
    issued_on = models.DateField("ngày ban hành")
    file = models.FileField("tệp kế hoạch", upload_to="outreach/plans/%Y/", blank=True)
    activities_organised = models.BooleanField("đã tổ chức triển khai hoạt động", default=False)
    integrated_with = models.ManyToManyField(Program, verbose_name="lồng ghép với chương trình", blank=True)
    note = models.CharField("ghi chú", max_length=255, blank=True)
    history = HistoricalRecords(m2m_fields=[integrated_with])

    class Meta:
        ordering = ["-year", "unit__path"]
        verbose_name = "kế hoạch của địa phương"
        verbose_name_plural = "kế hoạch của địa phương"
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="local_plan_unit_year")]

    def __str__(self) -> str:
        return f"{self.document_number} ({self.year})"


class PilotModelKind(EditableList):
    """Editable list: the three models of QĐ 361/2016 (kept by QĐ 1629) and others."""

    history = HistoricalRecords()

    class Meta(EditableList.Meta):
        verbose_name = "loại mô hình thí điểm"
        verbose_name_plural = "loại mô hình thí điểm"


class PilotModel(BusinessModel):
    class Status(models.TextChoices):
        RUNNING = "running", "Đang triển khai"
        PAUSED = "paused", "Tạm dừng"
        ENDED = "ended", "Đã kết thúc"

    kind = models.ForeignKey(PilotModelKind, verbose_name="loại mô hình", on_delete=models.PROTECT)
    name = models.CharField("tên mô hình", max_length=200)
    unit = models.ForeignKey(
        AdminUnit, verbose_name="đơn vị triển khai", on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField("ngày bắt đầu")
    ended_on = models.DateField("ngày kết thúc", null=True, blank=True)
    status = models.CharField("tình trạng", max_length=10, choices=Status.choices, default=Status.RUNNING)
    sites = models.CharField("địa điểm, điểm triển khai", max_length=255, blank=True)
    participants = models.PositiveIntegerField("số người tham gia", default=0)
    results = models.TextField("kết quả", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on"]
        verbose_name = "mô hình thí điểm"
        verbose_name_plural = "mô hình thí điểm"

    def __str__(self) -> str:
        return self.name


class Official(BusinessModel):
    """The roster of officials working on the program (the T14 denominator): only what T14 needs. One row is
    a person in a unit over a span; a move (the 2025 reform) ends the row and opens one that continues it, so
    the training follows the person. The level is the unit's: province, district or commune."""

    full_name = models.CharField("họ và tên", max_length=120)
    agency = models.ForeignKey(Agency, verbose_name="cơ quan", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")  # fmt: skip
    unit = models.ForeignKey(AdminUnit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+")
    position = models.CharField("chức vụ", max_length=120, blank=True)
    active_from = models.DateField("làm công tác từ ngày")
    active_to = models.DateField("đến ngày", null=True, blank=True)
    previous = models.ForeignKey("self", verbose_name="tiếp nối hồ sơ (khi chuyển đơn vị)", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit__path", "full_name"]
        verbose_name = "cán bộ làm công tác phòng, chống mại dâm"
        verbose_name_plural = "danh sách cán bộ làm công tác phòng, chống mại dâm"

    def __str__(self) -> str:
        return f"{self.full_name} ({self.code})"

    @property
    def code(self) -> str:
        return f"CB{self.pk:05d}"

    def is_active_between(self, start: date, end: date) -> bool:
        return self.active_from <= end and (self.active_to is None or self.active_to >= start)


class Course(BusinessModel):
    class Level(models.TextChoices):
        PROVINCE = "province", "Cấp tỉnh"
        DISTRICT = "district", "Cấp huyện"
        COMMUNE = "commune", "Cấp xã"

    title = models.CharField("tên lớp, khóa", max_length=255)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    level = models.CharField("cấp tổ chức", max_length=10, choices=Level.choices)
    organiser = models.ForeignKey(Agency, verbose_name="đơn vị tổ chức", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")  # fmt: skip
    unit = models.ForeignKey(AdminUnit, verbose_name="địa bàn", on_delete=models.PROTECT, related_name="+")
    topics = models.TextField("nội dung, chuyên đề", blank=True)
    participants = models.ManyToManyField(Official, through="Participation", related_name="courses")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = "lớp tập huấn"
        verbose_name_plural = "lớp tập huấn"

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on:%d/%m/%Y})"


class Participation(TimestampedModel, AuthoredModel):
    course = models.ForeignKey(
        Course, verbose_name="lớp", on_delete=models.CASCADE, related_name="participations"
    )
    official = models.ForeignKey(Official, verbose_name="cán bộ", on_delete=models.PROTECT,
                                 related_name="participations")  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        ordering = ["official__full_name"]
        verbose_name = "học viên"
        verbose_name_plural = "học viên"
        constraints = [models.UniqueConstraint(fields=["course", "official"], name="participation_unique")]
