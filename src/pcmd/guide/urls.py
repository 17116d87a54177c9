from django.urls import path

from pcmd.guide import views

app_name = "guide"
urlpatterns = [
    path("", views.index, name="index"),
    path("huong-dan-su-dung.pdf", views.pdf, name="pdf"),
    path("anh/<str:name>", views.image, name="image"),
    path("<slug:slug>/", views.chapter_page, name="chapter"),
]
