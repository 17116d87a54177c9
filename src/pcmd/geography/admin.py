from django.contrib import admin

from pcmd.geography.models import AdminUnit, UnitLineage


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
