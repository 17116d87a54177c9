from django.urls import path

from pcmd.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.activity_list, name="activities"),
    path("press/", views.press, name="press"),
]
