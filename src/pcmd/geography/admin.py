from django.contrib import admin

from pcmd.geography.models import AdminUnit, Coverage, UnitLineage


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(UnitLineage)
class UnitLineageAdmin(admin.ModelAdmin):
    list_display = ["old", "new", "effective", "partial"]
    list_filter = ["effective", "partial"]
    raw_id_fields = ["old", "new"]


@admin.register(Coverage)
class CoverageAdmin(admin.ModelAdmin):
    """Which units' records PCMD holds and from when; the model's clean() refuses a day outside the unit's validity."""

    list_display = ["unit", "covered_from", "source", "updated_at"]
    search_fields = ["unit__code", "unit__name"]
    raw_id_fields = ["unit"]
    date_hierarchy = "covered_from"
