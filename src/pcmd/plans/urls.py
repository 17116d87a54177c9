from django.urls import path

from pcmd.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_detail, name="current"),
    path("tasks/<int:task_id>/", views.task_detail, name="task"),
    path("tasks/<int:task_id>/evidence/", views.task_evidence, name="task_evidence"),
    path("<slug:code>/", views.plan_detail, name="detail"),
]
