from django.urls import path

from pcmd.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/export.xlsx", views.export, name="export"),
    path("dashboard/<str:code>/", views.indicator, name="indicator"),
]
