"""Writes and logged reads of support cases. Every read of a client record goes through `client_open`, which logs
it; every action that needs a consent checks it first."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pcmd.accounts.models import Role, User
from pcmd.accounts.scoping import scope_for
from pcmd.audit.models import SUPPORT_PURPOSES
from pcmd.audit.services import log_read
from pcmd.core.errors import Forbidden, NotFound, PcmdError
from pcmd.geography.models import AdminUnit
from pcmd.support.models import (
    Assessment,
    Client,
    Consent,
    FollowUp,
    Need,
    Provider,
    Referral,
    Service,
    Staff,
)
from pcmd.support.policies import (
    is_supervisor,
    may_amend_service,
    provider_ids,
    require_client,
    require_staff,
    staff_rows,
)

CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY3479"  # no look-alikes (0/O, 1/I, 5/S, 8/B)


def _code() -> str:
    while True:
        code = "HT-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        if not Client.objects.filter(code=code).exists():
            return code


def has_consent(client: Client, purpose: str, on: date | None = None) -> bool:
    on = on or timezone.localdate()
    return client.consents.filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on), purpose=purpose,
                                  given_on__lte=on).exists()  # fmt: skip


def _need_consent(client: Client, purpose: str, on: date | None = None) -> None:
    if not has_consent(client, purpose, on):
        label = Consent.Purpose(purpose).label
        raise PcmdError(f"Chưa có sự đồng ý (hoặc đã rút lại) cho mục đích «{label}»: không thể thực hiện.",
                        field="consent")  # fmt: skip


@dataclass
class ClientInput:
    provider: Provider
    sex: str
    first_contact_on: date
    age_group: str = ""
    birth_year: int | None = None
    unit: AdminUnit | None = None
    nationality: str = "Việt Nam"


@transaction.atomic
def client_create(*, actor: Any, data: ClientInput) -> Client:
    require_staff(actor)
    if data.provider.pk not in provider_ids(actor):
        raise Forbidden("Bạn chỉ tạo hồ sơ cho đơn vị của mình.")
    if data.first_contact_on > timezone.localdate():
        raise PcmdError("Ngày tiếp cận không được ở tương lai.", field="first_contact_on")
    if data.birth_year and not 1940 <= data.birth_year <= timezone.localdate().year:
        raise PcmdError("Năm sinh không hợp lệ.", field="birth_year")
    if data.unit is not None and (
        data.unit.level != "commune" or not data.unit.is_valid_on(data.first_contact_on)
    ):
        raise PcmdError("Xã, phường cư trú không có hiệu lực vào ngày tiếp cận.", field="unit")
    client = Client(code=_code(), created_by=actor, updated_by=actor, **data.__dict__)
    client._history_user = actor  # type: ignore[attr-defined]
    client.save()
    return client


def client_open(*, actor: Any, pk: int, purpose: str, reason: str = "") -> Client:
    """Read one client, logging the read. A supervisor outside the owning provider breaks the glass with a
    written reason; everyone else gets 404."""
    client = Client.objects.select_related("provider", "unit").filter(pk=pk).first()
    if client is None:
        raise NotFound()
    if client.provider_id in provider_ids(actor):
        if purpose not in dict(SUPPORT_PURPOSES):
            raise PcmdError("Hãy chọn mục đích truy cập.", field="purpose")
    elif is_supervisor(actor) and purpose == "break_glass":
        if len(reason.strip()) < 15:
            raise PcmdError("Truy cập khẩn cấp phải ghi rõ lý do (ít nhất 15 ký tự).", field="reason")
    else:
        raise NotFound()
    log_read(actor=actor, module="support", object_ref=client.code, purpose=purpose, reason=reason.strip())
    return client


@transaction.atomic
def consent_record(
    *, actor: Any, client: Client, purpose: str, given_on: date, stated_purpose: str = ""
) -> Consent:
    require_client(actor, client)
    if purpose not in Consent.Purpose.values:
        raise PcmdError("Mục đích không hợp lệ.", field="purpose")
    if given_on > timezone.localdate():
        raise PcmdError("Ngày đồng ý không được ở tương lai.", field="given_on")
    if purpose == "identifying" and not stated_purpose.strip():
        raise PcmdError("Đồng ý ghi thông tin nhận dạng phải nêu mục đích cụ thể.", field="stated_purpose")
    return Consent.objects.create(client=client, purpose=purpose, given_on=given_on, recorded_by=actor,
                                  stated_purpose=stated_purpose.strip())  # fmt: skip


# What a withdrawal erases: without its consent, a detail is not kept.
ERASED_ON_WITHDRAWAL = {"identifying": ("full_name", "phone", "id_number"), "phone": ("phone",)}


def consent_withdrawal_erases(consent: Consent) -> list[tuple[str, str]]:
    """(label, value) of every detail the withdrawal of `consent` erases, as the confirmation lists them."""
    c = consent.client
    fields = ERASED_ON_WITHDRAWAL.get(consent.purpose, ())
    return [
        (str(getattr(Client._meta.get_field(f), "verbose_name", f)), getattr(c, f))
        for f in fields
        if getattr(c, f)
    ]


@transaction.atomic
def consent_withdraw(*, actor: Any, consent: Consent, on: date) -> Consent:
    require_client(actor, consent.client)
    if consent.withdrawn_on is not None:
        raise PcmdError(f"Sự đồng ý này đã được rút lại ngày {consent.withdrawn_on:%d/%m/%Y}.")
    if on < consent.given_on:
        raise PcmdError("Ngày rút lại trước ngày đồng ý.", field="on")
    consent.withdrawn_on = on
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    erased = ERASED_ON_WITHDRAWAL.get(consent.purpose, ())
    if erased:
        c = consent.client
        for f in erased:
            setattr(c, f, "")
        c._history_user = actor  # type: ignore[attr-defined]
        c.save()
    return consent


@transaction.atomic
def identifying_set(
    *, actor: Any, client: Client, full_name: str = "", phone: str = "", id_number: str = ""
) -> Client:
    require_client(actor, client)
    if any(x.strip() for x in (full_name, phone, id_number)):
        _need_consent(client, "identifying")
    if phone.strip() and not has_consent(client, "phone"):
        raise PcmdError("Chưa có sự đồng ý liên hệ qua điện thoại: không ghi số điện thoại.", field="phone")
    client.full_name, client.phone, client.id_number = full_name.strip(), phone.strip(), id_number.strip()
    client.updated_by = actor
    client._history_user = actor  # type: ignore[attr-defined]
    client.save()
    return client


@transaction.atomic
def assessment_record(*, actor: Any, client: Client, assessed_on: date, needs: list[str], eligible: bool,
                      basis: str = "") -> Assessment:  # fmt: skip
    require_client(actor, client)
    if assessed_on < client.first_contact_on:
        raise PcmdError("Ngày đánh giá trước ngày tiếp cận đầu tiên.", field="assessed_on")
    if assessed_on > timezone.localdate():
        raise PcmdError("Ngày đánh giá không được ở tương lai.", field="assessed_on")
    bad = [n for n in needs if n not in Need.values]
    if bad:
        raise PcmdError(f"Nhu cầu không hợp lệ: {', '.join(bad)}.", field="needs")
    return Assessment.objects.create(client=client, assessed_on=assessed_on, needs=sorted(set(needs)),
                                     eligible=eligible and bool(needs), eligibility_basis=basis, assessed_by=actor)  # fmt: skip


def _check_service(client: Client, type: str, delivered_on: date) -> None:
    """What a recorded or corrected service must satisfy: its date within the contact and today, a known type, consent."""
    if delivered_on < client.first_contact_on:
        raise PcmdError(f"Ngày cung cấp dịch vụ trước ngày tiếp cận đầu tiên ({client.first_contact_on:%d/%m/%Y}).",
                        field="delivered_on")  # fmt: skip
    if delivered_on > timezone.localdate():
        raise PcmdError("Ngày cung cấp dịch vụ không được ở tương lai.", field="delivered_on")
    if type not in Need.values:
        raise PcmdError("Loại dịch vụ không hợp lệ.", field="type")
    _need_consent(client, "services", delivered_on)


@transaction.atomic
def service_record(*, actor: Any, client: Client, type: str, delivered_on: date, outcome: str = "",
                   provider: Provider | None = None) -> Service:  # fmt: skip
    require_client(actor, client)
    _check_service(client, type, delivered_on)
    service = Service(client=client, type=type, provider=provider or client.provider, delivered_on=delivered_on,
                      outcome=outcome.strip(), recorded_by=actor)  # fmt: skip
    service._history_user = actor  # type: ignore[attr-defined]
    service.save()
    return service


def _amendable(actor: Any, service: Service) -> Service:
    require_client(actor, service.client)
    if not may_amend_service(actor, service):
        raise Forbidden("Chỉ người đã ghi dịch vụ này hoặc giám sát chuyên môn của đơn vị được sửa hoặc hủy.")
    if service.voided_at is not None:
        raise PcmdError(f"Dịch vụ này đã bị hủy lúc {timezone.localtime(service.voided_at):%H:%M %d/%m/%Y}.")
    return service


@transaction.atomic
def service_correct(
    *, actor: Any, service: Service, type: str, delivered_on: date, outcome: str = ""
) -> Service:
    """Correct a service recorded wrongly; the previous version stays in its history (who, when, what)."""
    service = _amendable(
        actor, Service.objects.select_for_update().select_related("client").get(pk=service.pk)
    )
    client = service.client
    _check_service(client, type, delivered_on)
    service.type, service.delivered_on, service.outcome = type, delivered_on, outcome.strip()
    service._history_user = actor  # type: ignore[attr-defined]
    service.save()
    return service


@transaction.atomic
def service_void(*, actor: Any, service: Service, reason: str) -> Service:
    """Void a service recorded by mistake: it stays on the record, marked, and leaves every count (T13)."""
    service = _amendable(
        actor, Service.objects.select_for_update().select_related("client").get(pk=service.pk)
    )
    if len(reason.strip()) < 5:
        raise PcmdError("Hãy ghi lý do hủy (ít nhất 5 ký tự).", field="reason")
    service.voided_at, service.voided_by, service.void_reason = timezone.now(), actor, reason.strip()
    service._history_user = actor  # type: ignore[attr-defined]
    service.save()
    return service


@transaction.atomic
def referral_create(
    *, actor: Any, client: Client, to_provider: Provider, need: str, referred_on: date
) -> Referral:
    require_client(actor, client)
    _need_consent(client, "referral", referred_on)
    if to_provider.pk == client.provider_id:
        raise PcmdError("Không chuyển gửi cho chính đơn vị đang quản lý.", field="to_provider")
    if referred_on < client.first_contact_on:
        raise PcmdError("Ngày chuyển gửi trước ngày tiếp cận đầu tiên.", field="referred_on")
    return Referral.objects.create(client=client, to_provider=to_provider, need=need, referred_on=referred_on)


@transaction.atomic
def referral_update(*, actor: Any, referral: Referral, status: str, on: date) -> Referral:
    """The receiving provider accepts, refuses or completes a referral."""
    if referral.to_provider_id not in provider_ids(actor):
        raise NotFound()
    if status not in Referral.Status.values or status == "sent":
        raise PcmdError("Tình trạng không hợp lệ.", field="status")
    referral.status = status
    referral.completed_on = on if status == "completed" else None
    referral.save()
    return referral


@transaction.atomic
def followup_record(*, actor: Any, client: Client, due_on: date, note: str = "") -> FollowUp:
    require_client(actor, client)
    return FollowUp.objects.create(client=client, due_on=due_on, note=note.strip())


def client_export(*, actor: Any, client: Client) -> str:
    """Everything held about one client, for that client (JSON, Vietnamese keys); logged."""
    require_client(actor, client)
    log_read(actor=actor, module="support", object_ref=client.code, purpose="client_request", action="export")
    data = {
        "mã": client.code, "đơn vị quản lý": client.provider.name, "nhóm tuổi": client.get_age_group_display(),
        "năm sinh": client.birth_year, "giới tính": client.get_sex_display(),
        "xã, phường cư trú": client.unit.name if client.unit else None, "quốc tịch": client.nationality,
        "ngày tiếp cận": client.first_contact_on.isoformat(), "họ tên": client.full_name,
        "điện thoại": client.phone, "số định danh": client.id_number,
        "đồng ý": [{"mục đích": c.get_purpose_display(), "ngày": c.given_on.isoformat(),
                    "rút lại": c.withdrawn_on.isoformat() if c.withdrawn_on else None} for c in client.consents.all()],
        "đánh giá": [{"ngày": a.assessed_on.isoformat(), "nhu cầu": a.needs, "đủ điều kiện": a.eligible}
                     for a in client.assessments.all()],
        "dịch vụ": [{"loại": s.get_type_display(), "ngày": s.delivered_on.isoformat(), "kết quả": s.outcome,
                     **({"đã hủy": s.void_reason} if s.voided_at else {})} for s in client.services.all()],
        "chuyển gửi": [{"đến": r.to_provider.name, "ngày": r.referred_on.isoformat(), "tình trạng": r.get_status_display()}
                       for r in client.referrals.select_related("to_provider")],
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False, indent=2)


def _anonymise(client: Client, actor: Any) -> None:
    client.full_name = client.phone = client.id_number = ""
    client.birth_year = None
    client.unit = None
    client.anonymised_at = timezone.now()
    client._history_user = actor  # type: ignore[attr-defined]
    client.save()
    client.consents.filter(purpose__in=["identifying", "phone"]).update(stated_purpose="")
    client.followups.update(note="")
    client.services.update(outcome="", void_reason="")
    Service.history.filter(client_id=client.pk).update(outcome="", void_reason="")
    client.history.all().update(birth_year=None, unit=None)


@transaction.atomic
def client_erase(*, actor: Any, client: Client, reason: str) -> Client:
    """On the client's request: anonymise (counts stay true, nothing identifies the person), audited."""
    require_client(actor, client)
    if len(reason.strip()) < 10:
        raise PcmdError("Hãy ghi rõ căn cứ yêu cầu xóa (ít nhất 10 ký tự).", field="reason")
    _anonymise(client, actor)
    log_read(actor=actor, module="support", object_ref=client.code, purpose="client_request", action="erase",
             reason=reason.strip())  # fmt: skip
    return client


@transaction.atomic
def anonymise_closed(*, years: int, today: date, actor: Any = None) -> int:
    """Retention: anonymise clients closed more than `years` years ago."""
    limit = today - timedelta(days=365 * years)
    n = 0
    for client in Client.objects.filter(closed_on__lt=limit, anonymised_at__isnull=True):
        _anonymise(client, actor)
        n += 1
    return n


def _require_supervisor_of(actor: Any, provider_id: int) -> None:
    if not any(s.supervisor and s.provider_id == provider_id for s in staff_rows(actor)):
        raise NotFound()


@transaction.atomic
def staff_add(*, actor: Any, provider: Provider, username: str, supervisor: bool, valid_from: date) -> Staff:
    """A supervisor opens the firewall of their provider to a colleague. Only accounts that hold the support
    worker role (and so sign in with a second factor) can be added."""
    _require_supervisor_of(actor, provider.pk)
    user = User.objects.filter(username=username.strip(), is_active=True).first()
    if user is None:
        raise PcmdError(f"Không có tài khoản đang hoạt động tên «{username.strip()}».", field="username")
    if not scope_for(user, on=valid_from).has_role(Role.SUPPORT_WORKER):
        raise PcmdError(
            f"Tài khoản «{user.username}» chưa có vai trò cán bộ hỗ trợ vào ngày {valid_from:%d/%m/%Y}: nhờ quản trị "
            "hệ thống cấp vai trò trước (vai trò này bắt buộc xác thực hai lớp).",
            field="username",
        )
    active = Staff.objects.filter(provider=provider, user=user).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    )
    if active.exists():
        raise PcmdError(f"«{user.username}» đã là cán bộ của {provider.name}.", field="username")
    row = Staff(provider=provider, user=user, supervisor=supervisor, valid_from=valid_from)
    row._history_user = actor  # type: ignore[attr-defined]
    row.save()
    return row


@transaction.atomic
def staff_end(*, actor: Any, staff_id: int, on: date) -> Staff:
    """Access ends at the end of `on` (yesterday: at once). Nobody closes their own, so a provider never loses
    its last supervisor by mistake."""
    row = Staff.objects.select_related("provider", "user").filter(pk=staff_id).first()
    if row is None:
        raise NotFound()
    _require_supervisor_of(actor, row.provider_id)
    if row.user_id == actor.pk:
        raise PcmdError("Không thể tự kết thúc quyền của mình: nhờ một giám sát khác của đơn vị.", field="on")
    if on < row.valid_from - timedelta(days=1):  # the day before the start: revoked before it was ever used
        raise PcmdError(
            f"Ngày kết thúc phải từ {row.valid_from - timedelta(days=1):%d/%m/%Y} trở đi.", field="on"
        )
    row.valid_to = on
    row._history_user = actor  # type: ignore[attr-defined]
    row.save(update_fields=["valid_to", "updated_at"])
    return row
