"""Support services are corrected or voided (never deleted) by their author or a supervisor, with history; a voided
service leaves T13 (checked against a count made by hand from the rows). Destructive clicks confirm first."""

from datetime import date

import pytest

from pcmd.accounts.models import Role
from pcmd.core.period import Period
from pcmd.support import measures
from pcmd.support.models import Assessment, Client, Consent, Provider, Service, Staff
from pcmd.support.services import (
    ClientInput,
    client_create,
    consent_record,
    identifying_set,
    service_record,
)
from tests.factories import member

pytestmark = pytest.mark.django_db
NOW = date(2025, 7, 1)


def _staff(provider, supervisor=False, **kw):
    user = member(Role.SUPPORT_WORKER, "96", on=NOW, **kw)
    Staff.objects.create(provider=provider, user=user, valid_from=date(2021, 1, 1), supervisor=supervisor)
    return user


@pytest.fixture
def social():
    return Provider.objects.get(kind="social_work")


@pytest.fixture
def author(social):
    return _staff(social)


@pytest.fixture
def rec(author, social):
    c = client_create(
        actor=author, data=ClientInput(provider=social, sex="female", first_contact_on=date(2025, 3, 1))
    )
    consent_record(actor=author, client=c, purpose="services", given_on=date(2025, 3, 1))
    return c


def _open(http, user, rec):
    http.force_login(user)
    http.post(f"/support/{rec.pk}/", {"purpose": "service"})


def test_the_service_form_preselects_no_type_and_saves_nothing_when_nothing_is_chosen(client, author, rec):
    _open(client, author, rec)
    body = client.get(f"/support/{rec.pk}/").content.decode()
    select = body.split('name="type"')[1].split("</select>")[0]
    assert '<option value="" selected>— Chọn —</option>' in select
    r = client.post(f"/support/{rec.pk}/", {"action": "service", "delivered_on": "2025-03-05", "outcome": ""})
    assert r.status_code == 200 and "Loại dịch vụ:" in r.content.decode()
    assert not Service.objects.filter(client=rec).exists()


def test_the_author_corrects_then_voids_and_history_keeps_every_version(client, author, rec):
    s = service_record(actor=author, client=rec, type="health", delivered_on=date(2025, 3, 5))
    _open(client, author, rec)
    page = client.get(f"/support/{rec.pk}/services/{s.pk}/").content.decode()
    assert "Hủy dịch vụ ghi nhầm" in page and "không còn được tính vào chỉ tiêu T13" in page
    r = client.post(f"/support/{rec.pk}/services/{s.pk}/",
                    {"action": "correct", "type": "legal", "delivered_on": "2025-03-06", "outcome": "Tư vấn"})  # fmt: skip
    assert r.status_code == 302
    s.refresh_from_db()
    assert (s.type, s.delivered_on, s.outcome) == ("legal", date(2025, 3, 6), "Tư vấn")
    r = client.post(f"/support/{rec.pk}/services/{s.pk}/", {"action": "void", "reason": ""})
    assert "Lý do hủy" in r.content.decode() and Service.objects.get(pk=s.pk).voided_at is None
    client.post(f"/support/{rec.pk}/services/{s.pk}/", {"action": "void", "reason": "Ghi nhầm hồ sơ"})
    s.refresh_from_db()
    assert s.voided_at is not None and s.voided_by == author and s.void_reason == "Ghi nhầm hồ sơ"
    versions = list(s.history.order_by("history_date").values_list("type", "void_reason", "history_user"))
    assert versions == [
        ("health", "", author.pk),
        ("legal", "", author.pk),
        ("legal", "Ghi nhầm hồ sơ", author.pk),
    ]
    page = client.get(f"/support/{rec.pk}/").content.decode()
    assert "<del>" in page.split('id="services"')[1].split("</ul>")[0] and "đã hủy: Ghi nhầm hồ sơ" in page
    r = client.post(f"/support/{rec.pk}/services/{s.pk}/",
                    {"action": "correct", "type": "job", "delivered_on": "2025-03-06"})  # fmt: skip
    assert r.status_code == 404 and Service.objects.get(pk=s.pk).type == "legal"  # a voided service is final


def test_a_colleague_cannot_amend_but_a_supervisor_can(client, author, rec, social):
    s = service_record(actor=author, client=rec, type="health", delivered_on=date(2025, 3, 5))
    colleague = _staff(social)
    _open(client, colleague, rec)
    assert "Chỉ người đã ghi dịch vụ" in client.get(f"/support/{rec.pk}/services/{s.pk}/").content.decode()
    r = client.post(f"/support/{rec.pk}/services/{s.pk}/", {"action": "void", "reason": "Không phải của tôi"})
    assert r.status_code == 404 and Service.objects.get(pk=s.pk).voided_at is None
    elsewhere = _staff(Provider.objects.get(kind="health"), supervisor=True)
    _open(client, elsewhere, rec)
    r = client.post(f"/support/{rec.pk}/services/{s.pk}/", {"action": "void", "reason": "Đơn vị khác hủy"})
    assert r.status_code in (302, 404) and Service.objects.get(pk=s.pk).voided_at is None
    supervisor = _staff(social, supervisor=True)
    _open(client, supervisor, rec)
    client.post(
        f"/support/{rec.pk}/services/{s.pk}/", {"action": "void", "reason": "Giám sát hủy: ghi trùng"}
    )
    assert Service.objects.get(pk=s.pk).voided_by == supervisor


def _hand_served(p):
    eligible = {a.client_id for a in Assessment.objects.all() if a.eligible and a.assessed_on <= p.end}
    served = {
        s.client_id for s in Service.objects.all() if p.start <= s.delivered_on <= p.end and not s.voided_at
    }
    return {c.pk for c in Client.objects.all() if c.pk in eligible and c.pk in served and c.first_contact_on <= p.end
            and (c.closed_on is None or c.closed_on >= p.start)}  # fmt: skip


def test_voided_services_leave_t13_and_the_service_counts(client):
    p = Period.parse("2024")
    before = _hand_served(p)
    # a served client whose every 2024 service is voided leaves the numerator
    target = next(iter(sorted(before)))
    in_2024 = Service.objects.filter(client_id=target, delivered_on__year=2024)
    n_voided = in_2024.count()
    total_before = sum(measures.services(p).values())
    staff = Staff.objects.filter(provider__clients__pk=target, supervisor=True).first() or Staff.objects.create(
        provider=Client.objects.get(pk=target).provider, user=member(Role.SUPPORT_WORKER, "96", on=NOW),
        valid_from=date(2021, 1, 1), supervisor=True)  # fmt: skip
    _open(client, staff.user, Client.objects.get(pk=target))
    for s in list(in_2024):
        client.post(f"/support/{target}/services/{s.pk}/", {"action": "void", "reason": "Ghi nhầm năm"})
    after = _hand_served(p)
    assert after == before - {target}
    assert sum(measures.clients_served(p).values()) == len(after)
    assert sum(measures.services(p).values()) == total_before - n_voided
    assert (
        Service.objects.filter(client_id=target, delivered_on__year=2024).count() == n_voided
    )  # kept, marked


def test_withdrawing_consent_first_lists_exactly_what_is_erased(client, author, rec):
    consent_record(actor=author, client=rec, purpose="identifying", given_on=date(2025, 3, 1),
                   stated_purpose="Làm hồ sơ vay vốn")  # fmt: skip
    phone = consent_record(actor=author, client=rec, purpose="phone", given_on=date(2025, 3, 1))
    identifying_set(actor=author, client=rec, full_name="Lê Thị Riêng", phone="0912345678")
    ident = Consent.objects.get(client=rec, purpose="identifying")
    _open(client, author, rec)
    r = client.post(f"/support/{rec.pk}/", {"action": "withdraw", "consent": ident.pk})
    erased = r.content.decode().split('id="erased"')[1].split("</ul>")[0]
    assert "Họ tên: Lê Thị Riêng" in erased and "Điện thoại: 0912345678" in erased
    assert "Số định danh" not in erased  # nothing held, nothing listed
    rec.refresh_from_db()
    ident.refresh_from_db()
    assert ident.withdrawn_on is None and rec.full_name == "Lê Thị Riêng"  # asking changed nothing
    r = client.post(f"/support/{rec.pk}/", {"action": "withdraw", "consent": ident.pk, "confirm": "1"})
    assert r.status_code == 302
    rec.refresh_from_db()
    ident.refresh_from_db()
    assert ident.withdrawn_on is not None and (rec.full_name, rec.phone, rec.id_number) == ("", "", "")
    r = client.post(f"/support/{rec.pk}/", {"action": "withdraw", "consent": phone.pk})
    assert "Không có thông tin nào bị xóa" in r.content.decode()
