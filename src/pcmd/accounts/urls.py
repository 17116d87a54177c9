from django.contrib.auth import views as auth_views
from django.urls import path

from pcmd.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html", success_url="/accounts/password/done/"
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path("me/", views.profile, name="profile"),
    path("2fa/", views.second_factor, name="second_factor"),
    path("tokens/", views.tokens, name="tokens"),
    path("security/", views.security, name="security"),
]
