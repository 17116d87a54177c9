from django.contrib import admin
from django.urls import include, path

from pcmd.api.main import api
from pcmd.web import views as web_views

admin.site.site_header = "PCMD – Quản trị"
admin.site.site_title = "PCMD"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("notifications/", web_views.notifications, name="notifications"),
    path("", include("pcmd.dashboard.urls")),
    path("accounts/", include("pcmd.accounts.urls")),
    path("plans/", include("pcmd.plans.urls")),
    path("establishments/", include("pcmd.establishments.urls")),
    path("reports/", include("pcmd.reports.urls")),
    path("outreach/", include("pcmd.outreach.urls")),
    path("tips/", include("pcmd.tips.urls")),
    path("support/", include("pcmd.support.urls")),
    path("audit/", include("pcmd.audit.urls")),
    path("huong-dan/", include("pcmd.guide.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler404 = "pcmd.web.views.error_404"
handler403 = "pcmd.web.views.error_403"
handler500 = "pcmd.web.views.error_500"
