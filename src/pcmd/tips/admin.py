from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pcmd.tips.models import ClockRule


@admin.register(ClockRule)
class ClockRuleAdmin(SimpleHistoryAdmin):
    list_display = [
        "kind",
        "limit",
        "limit_count",
        "max_extensions",
        "extension",
        "extension_count",
        "confidence",
    ]


# Tips themselves are not in the admin: the reporter's identity is reachable only through the tip page's checks.
