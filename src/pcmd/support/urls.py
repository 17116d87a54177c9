from django.urls import path

from pcmd.support import views

app_name = "support"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_new, name="new"),
    path("break-glass/", views.break_glass, name="break_glass"),
    path("staff/", views.staff, name="staff"),
    path("referrals/<int:pk>/", views.referral_status, name="referral"),
    path("<int:pk>/", views.client_detail, name="detail"),
    path("<int:pk>/services/<int:service_id>/", views.service_edit, name="service"),
    path("<int:pk>/export.json", views.client_export_view, name="export"),
]
