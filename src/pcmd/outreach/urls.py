from django.urls import path

from pcmd.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.activity_list, name="activities"),
    path("export.xlsx", views.activity_export, name="activity_export"),
    path("activities/<int:pk>/evidence", views.activity_evidence, name="activity_evidence"),
    path("import/", views.activity_import, name="activity_import"),
    path("import/template.xlsx", views.activity_template, name="activity_template"),
    path("press/", views.press, name="press"),
    path("reach/", views.reach, name="reach"),
    path("reach/zone-years/<int:pk>/", views.yearly_edit, {"kind": "zone"}, name="zone_year"),
    path("reach/school-years/<int:pk>/", views.yearly_edit, {"kind": "school"}, name="school_year"),
    path("plans/", views.plans, name="plans"),
    path("plans/<int:pk>/", views.plan_edit, name="plan"),
    path("plans/<int:pk>/file", views.plan_file, name="plan_file"),
    path("models/", views.pilot_models, name="models"),
    path("models/<int:pk>/", views.pilot_model_edit, name="model"),
    path("training/", views.training, name="training"),
    path("training/officials/<int:pk>/", views.official, name="official"),
    path("training/import/", views.roster_import, name="roster_import"),
    path("training/import/template.xlsx", views.roster_xlsx_template, name="roster_template"),
    path("training/courses/<int:pk>/", views.course, name="course"),
    path(
        "training/courses/<int:pk>/template.xlsx",
        views.participants_xlsx_template,
        name="participants_template",
    ),
]
