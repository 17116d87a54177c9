from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pcmd.outreach.models import ActivityForm, Outlet, RegularityRule

admin.site.register(ActivityForm, SimpleHistoryAdmin)
admin.site.register(RegularityRule, SimpleHistoryAdmin)


@admin.register(Outlet)
class OutletAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "press_agency", "active", "order")
    list_editable = ("press_agency", "active")
