from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pcmd.plans.models import AgencyRole, Indicator, IndicatorLevel, Objective, Plan, Program, Target, Task


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


class LevelInline(admin.TabularInline):
    model = IndicatorLevel
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "short_name", "numerator", "denominator", "confidence"]
    list_filter = ["plan", "confidence"]
    inlines = [LevelInline, TargetInline]


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "unit", "lead_agency", "status", "due"]
    list_filter = ["plan", "status", "section"]
    raw_id_fields = ["unit"]


admin.site.register(Program, SimpleHistoryAdmin)
admin.site.register(Plan, SimpleHistoryAdmin)
admin.site.register(Objective, SimpleHistoryAdmin)
admin.site.register(AgencyRole, SimpleHistoryAdmin)
