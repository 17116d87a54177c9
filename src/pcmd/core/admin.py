from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pcmd.core.models import CalendarException


@admin.register(CalendarException)
class CalendarExceptionAdmin(SimpleHistoryAdmin):
    list_display = ["day", "kind", "note"]
    list_filter = ["kind"]
    date_hierarchy = "day"
