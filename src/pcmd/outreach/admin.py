from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pcmd.outreach.models import ActivityForm, RegularityRule

admin.site.register(ActivityForm, SimpleHistoryAdmin)
admin.site.register(RegularityRule, SimpleHistoryAdmin)
