from django.urls import path

from pcmd.establishments import plan_views, views

app_name = "establishments"
urlpatterns = [
    path("", views.establishment_list, name="list"),
    path("export.xlsx", views.establishment_export, name="export"),
    path("new/", views.establishment_new, name="new"),
    path("import/", views.import_view, name="import"),
    path("import/<int:batch_id>/", views.import_preview, name="import_preview"),
    path("plans/", plan_views.plan_list, name="plans"),
    path("plans/<int:plan_id>/", plan_views.plan_detail, name="plan"),
    path("import/template.xlsx", views.import_template, name="template"),
    path("<int:establishment_id>/", views.establishment_detail, name="detail"),
    path("<int:establishment_id>/edit/", views.establishment_edit, name="edit"),
    path("<int:establishment_id>/reach/", views.reach_edit, name="reach"),
    path("<int:establishment_id>/inspections/new/", views.inspection_new, name="inspection_new"),
    path("inspections/<int:inspection_id>/violations/new/", views.violation_new, name="violation_new"),
    path("violations/<int:violation_id>/sanctions/new/", views.sanction_new, name="sanction_new"),
]
