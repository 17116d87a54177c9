from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from pcmd.accounts import twofactor
from pcmd.accounts.forms import LoginForm, OtpForm
from pcmd.accounts.selectors import memberships_of
from pcmd.core.errors import PcmdError


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {
        "memberships": memberships_of(user=request.user), "two_factor": twofactor.confirmed_device(request.user),
        "two_factor_required": twofactor.required_for(request.user),
    })  # fmt: skip


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app (first time) or enter a code (each sign-in)."""
    target = request.GET.get("next") or request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    if request.user.is_verified() or not twofactor.required_for(request.user):  # type: ignore[union-attr]
        return redirect(target)
    form = OtpForm(request.POST or None)
    device = twofactor.confirmed_device(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if device is None:
                codes = twofactor.confirm(request, form.cleaned_data["token"])
                return render(request, "accounts/backup_codes.html", {"codes": codes, "next": target})
            twofactor.verify(request, form.cleaned_data["token"])
        except PcmdError as exc:
            form.add_error("token", exc.message)
        else:
            return redirect(target)
    context = {"form": form, "next": target, "setup": device is None}
    if device is None:
        pending = twofactor.pending_device(request.user)
        context |= {"qr": twofactor.qr_svg(pending), "secret": twofactor.secret_text(pending)}
    return render(
        request,
        "accounts/second_factor.html",
        context,
        status=200 if form.is_valid() or not form.is_bound else 422,
    )
