"""Pages of the support module. Every view first checks that the user is active staff of a provider; anyone
else gets the ordinary 404 page, whatever the URL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from pcmd.core.errors import PcmdError
from pcmd.core.sensitive import SUPPORT, reveals
from pcmd.support.forms import (
    AssessmentForm,
    BreakGlassForm,
    ClientForm,
    ConsentForm,
    FollowUpForm,
    IdentifyingForm,
    PurposeForm,
    ReferralForm,
    ReferralStatusForm,
    ServiceForm,
    ServiceVoidForm,
    StaffAddForm,
    StaffEndForm,
)
from pcmd.support.models import Client, Referral
from pcmd.support.policies import is_staff, is_supervisor, may_amend_service, provider_ids
from pcmd.support.selectors import (
    client_list_for,
    incoming_referrals,
    my_providers,
    overdue_followups,
    staff_of,
    supervised_providers,
)
from pcmd.support.services import (
    ClientInput,
    assessment_record,
    client_create,
    client_export,
    client_open,
    consent_record,
    consent_withdraw,
    consent_withdrawal_erases,
    followup_record,
    identifying_set,
    referral_create,
    referral_update,
    service_correct,
    service_record,
    service_void,
    staff_add,
    staff_end,
)


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Staff of a provider only (404 otherwise); nothing of the module is kept in a browser or proxy cache."""

    @reveals(SUPPORT)
    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)  # a NotFound below is the same 404 (web middleware)

    return wrapped


def _fail(form: Any, exc: PcmdError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@staff_only
def client_list(request: HttpRequest) -> HttpResponse:
    q, open_only = request.GET.get("q", ""), request.GET.get("open") == "1"
    qs = client_list_for(actor=request.user, q=q, open_only=open_only)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "support/list.html", {
        "page": page, "q": q, "open_only": open_only, "followups": overdue_followups(actor=request.user, today=timezone.localdate())[:20],
        "incoming": incoming_referrals(actor=request.user)[:20], "supervisor": is_supervisor(request.user),
        "status_form": ReferralStatusForm(),
    })  # fmt: skip


@staff_only
def client_new(request: HttpRequest) -> HttpResponse:
    form = ClientForm(request.POST or None, providers=my_providers(request.user),
                      initial={"first_contact_on": timezone.localdate()})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            client = client_create(actor=request.user, data=ClientInput(**form.cleaned_data))
        except PcmdError as exc:
            _fail(form, exc)
        else:
            request.session[f"support_purpose_{client.pk}"] = "service"
            messages.success(request, f"Đã tạo hồ sơ {client.code}.")
            return redirect("support:detail", pk=client.pk)
    return render(request, "support/new.html", {"form": form})


@staff_only
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    key = f"support_purpose_{pk}"
    if key not in request.session:  # first access: the purpose is chosen before anything is shown
        form = PurposeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            request.session[key] = form.cleaned_data["purpose"]
            return redirect("support:detail", pk=pk)
        if not Client.objects.filter(pk=pk, provider_id__in=provider_ids(request.user)).exists():
            raise Http404
        return render(request, "support/purpose.html", {"form": form})
    client = client_open(actor=request.user, pk=pk, purpose=request.session[key])
    forms = {"consent": ConsentForm(initial={"given_on": timezone.localdate()}),
             "assessment": AssessmentForm(initial={"assessed_on": timezone.localdate()}),
             "service": ServiceForm(initial={"delivered_on": timezone.localdate()}),
             "referral": ReferralForm(initial={"referred_on": timezone.localdate()}),
             "followup": FollowUpForm(initial={"due_on": timezone.localdate()}),
             "identifying": IdentifyingForm(initial={"full_name": client.full_name, "phone": client.phone,
                                                     "id_number": client.id_number})}  # fmt: skip
    if request.method == "POST":
        done = _post(request, client, forms)
        if done is not None:
            return done
    return render(request, "support/detail.html", {
        "client": client, "forms": forms, "consents": client.consents.all(),
        "assessments": client.assessments.all(), "services": client.services.select_related("provider"),
        "referrals": client.referrals.select_related("to_provider"), "followups": client.followups.all(),
        "purpose": request.session[key],
    })  # fmt: skip


def _post(request: HttpRequest, client: Client, forms: dict[str, Any]) -> HttpResponse | None:
    """One of the detail page's forms; None when it has errors to show."""
    action = request.POST.get("action", "")
    if action == "withdraw":
        return _withdraw(request, client)
    kinds: dict[str, Any] = {"consent": ConsentForm, "assessment": AssessmentForm, "service": ServiceForm,
                             "referral": ReferralForm, "identifying": IdentifyingForm, "followup": FollowUpForm}  # fmt: skip
    if action not in kinds:
        return None
    form = kinds[action](request.POST)
    forms[action] = form
    if not form.is_valid():
        return None
    d = form.cleaned_data
    try:
        if action == "consent":
            consent_record(actor=request.user, client=client, **d)
        elif action == "assessment":
            assessment_record(actor=request.user, client=client, assessed_on=d["assessed_on"], needs=d["needs"],
                              eligible=d["eligible"], basis=d["basis"])  # fmt: skip
        elif action == "service":
            service_record(actor=request.user, client=client, **d)
        elif action == "referral":
            referral_create(actor=request.user, client=client, **d)
        elif action == "followup":
            followup_record(actor=request.user, client=client, **d)
        else:
            identifying_set(actor=request.user, client=client, **d)
    except PcmdError as exc:
        _fail(form, exc)
        return None
    messages.success(request, "Đã lưu.")
    return redirect("support:detail", pk=client.pk)


def _withdraw(request: HttpRequest, client: Client) -> HttpResponse:
    """ "Rút lại" first shows what the withdrawal erases; only the confirmation's own button withdraws."""
    consent = client.consents.filter(pk=_int(request.POST.get("consent")), withdrawn_on__isnull=True).first()
    if consent is None:
        return redirect("support:detail", pk=client.pk)
    if request.POST.get("confirm") != "1":
        return render(request, "support/withdraw_confirm.html", {
            "client": client, "consent": consent, "erased": consent_withdrawal_erases(consent),
            "today": timezone.localdate()})  # fmt: skip
    try:
        consent_withdraw(actor=request.user, consent=consent, on=timezone.localdate())
    except PcmdError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã ghi rút lại sự đồng ý «{consent.get_purpose_display()}».")
    return redirect("support:detail", pk=client.pk)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@staff_only
def service_edit(request: HttpRequest, pk: int, service_id: int) -> HttpResponse:
    """Correct or void a service (never delete it): its author or a supervisor of the provider; history kept."""
    purpose = request.session.get(f"support_purpose_{pk}")
    if purpose is None:  # the purpose is chosen on the record's page before anything is shown
        return redirect("support:detail", pk=pk)
    client = client_open(actor=request.user, pk=pk, purpose=purpose)
    service = (
        client.services.select_related("client", "recorded_by", "voided_by").filter(pk=service_id).first()
    )
    if service is None:
        raise Http404
    allowed = may_amend_service(request.user, service) and service.voided_at is None
    action = request.POST.get("action", "") if request.method == "POST" else ""
    fields = {"type": service.type, "delivered_on": service.delivered_on, "outcome": service.outcome}
    correct = ServiceForm(request.POST if action == "correct" else None, initial=fields)
    void = ServiceVoidForm(request.POST if action == "void" else None)
    form = correct if action == "correct" else void
    if action in ("correct", "void") and allowed and form.is_valid():
        try:
            if action == "correct":
                service_correct(actor=request.user, service=service, **correct.cleaned_data)
            else:
                service_void(actor=request.user, service=service, reason=void.cleaned_data["reason"])
        except PcmdError as exc:
            _fail(form, exc)
        else:
            messages.success(
                request, "Đã sửa dịch vụ." if action == "correct" else "Đã hủy dịch vụ: không còn được tính."
            )
            return redirect("support:detail", pk=pk)
    elif action and not allowed:
        raise Http404
    return render(request, "support/service.html", {"client": client, "service": service, "correct": correct,
                  "void": void, "allowed": allowed, "history": service.history.select_related("history_user")})  # fmt: skip


@staff_only
def client_export_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The client's own data as JSON: like every other read, the purpose is chosen first."""
    form = PurposeForm(request.POST or None, initial={"purpose": "client_request"})
    if request.method != "POST" or not form.is_valid():
        if not Client.objects.filter(pk=pk, provider_id__in=provider_ids(request.user)).exists():
            raise Http404
        return render(request, "support/purpose.html", {"form": form, "export": True})
    client = client_open(actor=request.user, pk=pk, purpose=form.cleaned_data["purpose"])
    response = HttpResponse(client_export(actor=request.user, client=client), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{client.code}.json"'
    return response


@staff_only
def break_glass(request: HttpRequest) -> HttpResponse:
    if not is_supervisor(request.user):
        raise Http404
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = (
            Client.objects.filter(code=form.cleaned_data["code"].strip().upper())
            .values_list("pk", flat=True)
            .first()
        )
        try:
            if target is None:
                raise PcmdError("Không tìm thấy mã hồ sơ.", field="code")
            client = client_open(
                actor=request.user, pk=target, purpose="break_glass", reason=form.cleaned_data["reason"]
            )
        except PcmdError as exc:
            _fail(form, exc)
        else:
            return render(request, "support/detail.html", {
                "client": client, "forms": {}, "consents": client.consents.all(), "readonly": True,
                "assessments": client.assessments.all(), "services": client.services.select_related("provider"),
                "referrals": client.referrals.select_related("to_provider"), "followups": client.followups.all(),
                "purpose": "break_glass",
            })  # fmt: skip
    return render(request, "support/break_glass.html", {"form": form})


@staff_only
def referral_status(request: HttpRequest, pk: int) -> HttpResponse:
    referral = Referral.objects.filter(pk=pk).first()
    form = ReferralStatusForm(request.POST or None)
    if referral is None:
        raise Http404
    if request.method == "POST" and form.is_valid():
        try:
            referral_update(actor=request.user, referral=referral, status=form.cleaned_data["status"],
                            on=timezone.localdate())  # fmt: skip
        except PcmdError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Đã cập nhật chuyển gửi.")
    return redirect("support:list")


@staff_only
def staff(request: HttpRequest) -> HttpResponse:
    """Supervisors open and close access to their provider's clients; everyone else gets the 404."""
    providers = supervised_providers(actor=request.user)
    if not providers:
        raise Http404
    today = timezone.localdate()
    action = request.POST.get("action", "")
    add = StaffAddForm(request.POST if action == "add" else None, providers=providers, prefix="a",
                       initial={"valid_from": today})  # fmt: skip
    end = StaffEndForm(request.POST if action == "end" else None, prefix="e", initial={"on": today})
    if action == "add" and add.is_valid():
        try:
            row = staff_add(actor=request.user, **add.cleaned_data)
        except PcmdError as exc:
            _fail(add, exc)
        else:
            messages.success(request, f"Đã cấp quyền truy cập cho {row.user.username}.")
            return redirect("support:staff")
    confirm = None
    if action == "end" and end.is_valid() and not end.cleaned_data["confirm"]:
        confirm = next((r for r in staff_of(actor=request.user) if r.pk == end.cleaned_data["staff"]), None)
    elif action == "end" and end.is_valid():
        try:
            row = staff_end(actor=request.user, staff_id=end.cleaned_data["staff"], on=end.cleaned_data["on"])
        except PcmdError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, f"{row.user.username} được truy cập đến hết ngày {row.valid_to:%d/%m/%Y}."
            )
            return redirect("support:staff")
    rows = staff_of(actor=request.user)
    return render(request, "support/staff.html", {"rows": rows, "add": add, "end": end, "confirm": confirm,
                  "end_on": end.cleaned_data["on"] if confirm else None, "today": today,
                  "yesterday": today - timedelta(days=1)})  # fmt: skip
