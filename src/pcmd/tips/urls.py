from django.urls import path

from pcmd.tips import views

app_name = "tips"
urlpatterns = [
    path("", views.tip_list, name="list"),
    path("new/", views.tip_new, name="new"),
    path("rules/", views.rules_page, name="rules"),
    path("export.xlsx", views.tip_export, name="export"),
    path("<int:pk>/", views.tip_detail, name="detail"),
    path("<int:pk>/attachment", views.attachment, name="attachment"),
    path("<int:pk>/identity/", views.identity, name="identity"),
    path("<int:pk>/break-glass/", views.break_glass, name="break_glass"),
    path("cases/", views.case_list, name="cases"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
]
