from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from pcmd.accounts import twofactor
from pcmd.accounts.forms import LoginForm, OtpForm, TokenForm
from pcmd.accounts.selectors import memberships_of, token_get_for, tokens_for
from pcmd.accounts.services import token_create, token_revoke
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


@never_cache
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's API tokens (every token for an administrator): create one (secret shown once), revoke."""
    form = TokenForm(request.POST if request.POST.get("action") == "create" else None)
    secret = None
    if request.method == "POST" and request.POST.get("action") == "revoke":
        token = token_get_for(actor=request.user, pk=int(request.POST.get("token") or 0))
        if token is None:
            raise Http404
        token_revoke(token=token, actor=request.user)
        messages.success(request, f"Đã thu hồi khóa «{token.name}» ({token.prefix}…).")
        return redirect("accounts:tokens")
    if form.is_bound and form.is_valid():
        try:
            token, secret = token_create(user=request.user, name=form.cleaned_data["name"],  # type: ignore[arg-type]
                                         scopes=form.cleaned_data["scopes"], days=form.cleaned_data["days"])  # fmt: skip
        except PcmdError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return render(request, "accounts/tokens.html", {
        "form": form, "secret": secret, "tokens": tokens_for(actor=request.user)[:200], "now": timezone.now(),
    })  # fmt: skip
