from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from pcmd.accounts import lockout, twofactor
from pcmd.accounts.forms import EnrolmentForm, LoginForm, OtpForm, ResetFactorForm, TokenForm
from pcmd.accounts.selectors import (
    active_user,
    memberships_of,
    second_factor_roster,
    security_events,
    token_get_for,
    tokens_for,
)
from pcmd.accounts.services import token_create, token_revoke
from pcmd.core.errors import NotFound, PcmdError


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """An address that keeps failing waits a growing delay before the password is even checked."""
        wait = lockout.address_wait(request)
        if wait:
            form = self.form_class(
                request, initial={"username": request.POST.get("username", "")}
            )  # unchecked
            wait_message = (f"Địa chỉ mạng này vừa đăng nhập sai nhiều lần: hãy chờ {wait} giây rồi thử lại. "
                            "Không tài khoản nào bị khóa vì việc này.")  # fmt: skip
            response = self.render_to_response(self.get_context_data(form=form, wait_message=wait_message))
            response.status_code = 429
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {
        "memberships": memberships_of(user=request.user), "two_factor": twofactor.confirmed_device(request.user),
        "two_factor_required": twofactor.required_for(request.user),
    })  # fmt: skip


@never_cache
@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """Enter a code (each sign-in), or set up the authenticator app (first time, after the enrolment code an
    administrator issued)."""
    target = request.GET.get("next") or request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    if request.user.is_verified() or not twofactor.required_for(request.user):  # type: ignore[union-attr]
        return redirect(target)
    device = twofactor.confirmed_device(request.user)
    if device is None and not twofactor.enrolment_open(request):
        enrol = EnrolmentForm(request.POST or None)
        if request.method == "POST" and enrol.is_valid():
            try:
                twofactor.accept_enrolment_code(request, enrol.cleaned_data["code"])
            except PcmdError as exc:
                enrol.add_error("code", exc.message)
            else:
                return redirect(f"{request.path}?{urlencode({'next': target})}")
        return render(request, "accounts/second_factor.html", {"form": enrol, "next": target, "enrol": True},
                      status=422 if enrol.is_bound else 200)  # fmt: skip
    form = OtpForm(request.POST or None)
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


@never_cache
@login_required
def security(request: HttpRequest) -> HttpResponse:
    """Administrators: enrolment codes (shown once), second-factor resets, sign-in locks, recent security events."""
    if not twofactor.is_security_admin(request.user):
        raise Http404
    action, shown = request.POST.get("action", ""), None
    reset = ResetFactorForm(request.POST if action == "reset" else None)
    if request.method == "POST":
        target = active_user(pk=int(request.POST.get("user") or 0))
        try:
            if action == "unlock":
                lock = lockout.unlock(actor=request.user, pk=int(request.POST.get("lock") or 0))
                messages.success(request, f"Đã mở khóa «{lock.username}» từ {lock.ip}.")
                return redirect("accounts:security")
            if target is None:
                raise Http404
            if action == "issue":
                shown = (target, twofactor.issue_enrolment_code(user=target, actor=request.user))
            elif action == "reset" and reset.is_valid():
                twofactor.reset_second_factor(
                    user=target, actor=request.user, reason=reset.cleaned_data["reason"]
                )
                messages.success(
                    request, f"Đã đặt lại xác thực hai lớp của «{target.username}»: cấp mã đăng ký mới."
                )
                return redirect("accounts:security")
        except NotFound:
            raise Http404 from None
        except PcmdError as exc:
            reset.add_error(exc.field if exc.field in reset.fields else None, exc.message)
    return render(request, "accounts/security.html", {
        "roster": second_factor_roster(), "locks": lockout.current_locks(), "shown": shown, "reset": reset,
        "events": security_events(),
    })  # fmt: skip
