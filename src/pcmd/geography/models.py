from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q


class Level(models.TextChoices):
    PROVINCE = "province", "Cấp tỉnh"
    DISTRICT = "district", "Cấp huyện"
    COMMUNE = "commune", "Cấp xã"


class AdminUnit(models.Model):
    """An administrative unit as it existed between valid_from and valid_to (inclusive)."""

    code = models.CharField("mã", max_length=10, db_index=True)
    name = models.CharField("tên", max_length=120)
    kind = models.CharField("loại", max_length=40)
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="trực thuộc",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField("đường dẫn", max_length=120, db_index=True, help_text="/96/964/31999/")
    valid_from = models.DateField("hiệu lực từ")
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)

    class Meta:
        ordering = ["path"]
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="unit_code_valid_from_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_interval",
            ),
        ]
        indexes = [models.Index(fields=["level", "valid_from", "valid_to"])]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, d: date) -> bool:
        return self.valid_from <= d and (self.valid_to is None or d <= self.valid_to)

    @property
    def period_label(self) -> str:
        end = f"{self.valid_to:%d/%m/%Y}" if self.valid_to else "nay"
        return f"{self.valid_from:%d/%m/%Y} – {end}"


class UnitLineage(models.Model):
    old = models.ForeignKey(
        AdminUnit, verbose_name="đơn vị cũ", on_delete=models.CASCADE, related_name="successor_links"
    )
    new = models.ForeignKey(
        AdminUnit, verbose_name="đơn vị mới", on_delete=models.CASCADE, related_name="predecessor_links"
    )
    effective = models.DateField("ngày hiệu lực")
    partial = models.BooleanField("sáp nhập một phần", default=False)
    source = models.CharField("căn cứ", max_length=255, blank=True)

    class Meta:
        verbose_name = "kế thừa đơn vị"
        verbose_name_plural = "kế thừa đơn vị"
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="lineage_old_new_unique")]

    def __str__(self) -> str:
        return f"{self.old} → {self.new} ({self.effective:%d/%m/%Y})"


class Coverage(models.Model):
    """From which day PCMD holds the records of a unit's territory (communes of former Bạc Liêu: from 01/07/2025,
    unless their history is imported). No row: all its records are held. Figures leave a unit out of numerator
    and denominator for any period before this day (docs/ARCHITECTURE.md, "Data coverage")."""

    unit = models.OneToOneField(
        AdminUnit, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="coverage"
    )
    covered_from = models.DateField("có số liệu từ ngày")
    source = models.CharField("căn cứ, ghi chú", max_length=255, blank=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        ordering = ["unit__path"]
        verbose_name = "phạm vi số liệu"
        verbose_name_plural = "phạm vi số liệu"

    def __str__(self) -> str:
        return f"{self.unit}: có số liệu từ {self.covered_from:%d/%m/%Y}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        unit = self.unit if self.unit_id else None
        if unit is not None and self.covered_from and not unit.is_valid_on(self.covered_from):
            raise ValidationError({"covered_from": (
                f"Trường «có số liệu từ ngày»: ngày {self.covered_from:%d/%m/%Y} nằm ngoài thời gian hiệu lực của "
                f"{unit.name} ({unit.period_label}).")})  # fmt: skip
