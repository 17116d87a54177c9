"""The support module: firewall, access log, consent, encryption and key rotation, T13 against hand counts."""

import io
import re
from datetime import date, timedelta

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from openpyxl import load_workbook

from pcmd.accounts.models import Role
from pcmd.accounts.services import token_create
from pcmd.audit.models import AccessLog
from pcmd.core import crypto
from pcmd.core.errors import PcmdError
from pcmd.core.period import Period
from pcmd.geography.selectors import units_valid_on
from pcmd.support import measures
from pcmd.support.models import Assessment, Client, Provider, Service, Staff
from pcmd.support.services import (
    ClientInput,
    client_create,
    consent_record,
    identifying_set,
    referral_create,
    service_record,
)
from tests.factories import member
from tests.routes import concrete as _concrete
from tests.routes import routes

pytestmark = pytest.mark.django_db
NOW = date(2025, 7, 1)
CODE = re.compile(r"HT-[A-Z0-9]{6}")


@pytest.fixture
def worker():
    user = member(Role.SUPPORT_WORKER, "96", on=NOW, full_name="Cán bộ CTXH")
    Staff.objects.create(
        provider=Provider.objects.get(kind="social_work"), user=user, valid_from=date(2021, 1, 1)
    )
    return user


@pytest.fixture
def client_rec(worker):
    return client_create(actor=worker, data=ClientInput(provider=Provider.objects.get(kind="social_work"), sex="female",
                                                        first_contact_on=date(2025, 3, 1), age_group="25-34"))  # fmt: skip


def _urls():
    return (route for route, _ in routes())


def test_enforcement_users_reach_nothing_of_the_module(client, client_rec):
    """Every URL and API route of the project, as an inspector, a police officer, a commune officer and a
    leader: the support pages are 404 and no client code appears in any body."""
    routes = sorted({r for r in _urls() if not r.startswith("admin/") and "<path:" not in r})
    assert any(r.startswith("support/") for r in routes) and any("tips" in r for r in routes)
    users = [member(Role.INSPECTOR, "96", on=NOW), member(Role.POLICE, "96", on=NOW),
             member(Role.LOCAL_OFFICER, "32002", on=NOW), member(Role.LEADER, "96", on=NOW)]  # fmt: skip
    for user in users:
        client.force_login(user)
        for route in routes:
            url = _concrete(route, client_rec.pk)
            r = client.get(url)
            raw = b"".join(r.streaming_content) if r.streaming else r.content
            body = raw.decode(errors="replace")
            assert not CODE.search(body), (user, url)
            if url.startswith("/support/"):
                assert r.status_code == 404, (user, url)
        r = client.post(f"/support/{client_rec.pk}/", {"purpose": "service"})
        assert r.status_code == 404
        assert "Hỗ trợ" not in client.get("/").content.decode().split("<main")[0]  # not even in the menu
    client.logout()
    _, secret = token_create(user=users[0], name="máy")
    for route in (r for r in routes if r.startswith("api/")):
        body = client.get(
            _concrete(route, client_rec.pk), HTTP_AUTHORIZATION=f"Bearer {secret}"
        ).content.decode()
        assert not CODE.search(body)
    assert not AccessLog.objects.filter(module="support").exclude(user__in=[]).exists()


def test_every_read_by_a_support_worker_is_logged_once(client, worker, client_rec):
    client.force_login(worker)
    client.session.flush()
    client.force_login(worker)
    r = client.get(f"/support/{client_rec.pk}/")
    assert client_rec.code not in r.content.decode() and "Mục đích truy cập" in r.content.decode()
    client.post(f"/support/{client_rec.pk}/", {"purpose": "service"})
    Assessment.objects.create(
        client=client_rec, assessed_on=date(2025, 3, 1), needs=["job", "legal"], eligible=True
    )
    for _ in range(3):
        body = client.get(f"/support/{client_rec.pk}/").content.decode()
        assert client_rec.code in body and "Việc làm, Pháp lý" in body
    logs = AccessLog.objects.filter(module="support", object_ref=client_rec.code)
    assert logs.count() == 3 and set(logs.values_list("purpose", flat=True)) == {"service"}
    other = member(Role.SUPPORT_WORKER, "96", on=NOW)
    Staff.objects.create(
        provider=Provider.objects.get(kind="health"), user=other, valid_from=date(2021, 1, 1)
    )
    client.force_login(other)
    assert client.get(f"/support/{client_rec.pk}/").status_code == 404  # another provider's worker


def test_break_glass_needs_a_reason_and_is_shown_to_the_auditor(client, client_rec):
    sup = member(Role.SUPPORT_WORKER, "96", on=NOW)
    Staff.objects.create(provider=Provider.objects.get(kind="health"), user=sup, valid_from=date(2021, 1, 1),
                         supervisor=True)  # fmt: skip
    client.force_login(sup)
    r = client.post("/support/break-glass/", {"code": client_rec.code, "reason": "gấp"})
    assert "ít nhất 15 ký tự" in r.content.decode()
    reason = "Nguy cơ bạo lực, cần liên hệ ngay với cán bộ phụ trách"
    r = client.post("/support/break-glass/", {"code": client_rec.code, "reason": reason})
    assert client_rec.code in r.content.decode()
    log = AccessLog.objects.get(purpose="break_glass")
    assert (log.user, log.reason, log.object_ref) == (sup, reason, client_rec.code)
    client.force_login(member(Role.AUDITOR, "96", on=NOW))
    body = client.get("/audit/").content.decode()
    assert reason in body


def test_consent_rules(worker, client_rec):
    health = Provider.objects.get(kind="health")
    with pytest.raises(PcmdError, match="Chuyển gửi"):
        referral_create(
            actor=worker, client=client_rec, to_provider=health, need="health", referred_on=date(2025, 3, 2)
        )
    with pytest.raises(PcmdError, match="thông tin nhận dạng"):
        identifying_set(actor=worker, client=client_rec, full_name="Lê Thị A")
    consent_record(actor=worker, client=client_rec, purpose="services", given_on=date(2025, 3, 1))
    with pytest.raises(PcmdError, match="trước ngày tiếp cận đầu tiên"):
        service_record(actor=worker, client=client_rec, type="health", delivered_on=date(2025, 2, 27))
    service_record(actor=worker, client=client_rec, type="health", delivered_on=date(2025, 3, 5))
    consent_record(actor=worker, client=client_rec, purpose="referral", given_on=date(2025, 3, 1))
    assert referral_create(actor=worker, client=client_rec, to_provider=health, need="health",
                           referred_on=date(2025, 3, 6)).status == "sent"  # fmt: skip


def test_identifying_fields_are_ciphertext_at_rest_and_survive_key_rotation(settings, worker, client_rec):
    consent_record(actor=worker, client=client_rec, purpose="identifying", given_on=date(2025, 3, 1),
                   stated_purpose="Làm hồ sơ vay vốn")  # fmt: skip
    identifying_set(actor=worker, client=client_rec, full_name="Lê Thị Riêng Tư", id_number="096123456789")

    def raw():
        with connection.cursor() as cur:
            cur.execute("SELECT full_name, id_number FROM support_client WHERE id = %s", [client_rec.pk])
            return cur.fetchone()

    before = raw()
    assert "Riêng" not in before[0] and "096123456789" not in before[1] and before[0].startswith("gAAAA")
    if connection.vendor == "sqlite":
        dump = "\n".join(connection.connection.iterdump())
        assert "Riêng Tư" not in dump and "096123456789" not in dump and before[0] in dump
    old = settings.PCMD_FIELD_KEYS[0]
    new = Fernet.generate_key().decode()
    try:
        settings.PCMD_FIELD_KEYS = [new, old]
        crypto.reset_for_tests()
        call_command("rotate_field_key", stdout=io.StringIO())
        settings.PCMD_FIELD_KEYS = [new]  # the old key is gone
        crypto.reset_for_tests()
        after = raw()
        assert after != before
        assert Client.objects.get(pk=client_rec.pk).full_name == "Lê Thị Riêng Tư"
        settings.PCMD_FIELD_KEYS = [Fernet.generate_key().decode()]  # a wrong key: refused, nothing written
        crypto.reset_for_tests()
        with pytest.raises(ImproperlyConfigured, match="không khớp"):
            crypto.verify_keys()
        with pytest.raises(ImproperlyConfigured):
            identifying_set(actor=worker, client=client_rec, full_name="X")
        assert raw() == after
    finally:
        settings.PCMD_FIELD_KEYS = [old]
        crypto.reset_for_tests()


def _hand_t13(p):
    """Clients in contact during the period, assessed needing and eligible by its end; served: a service in it."""
    eligible = {a.client_id for a in Assessment.objects.all() if a.eligible and a.assessed_on <= p.end}
    den, num = set(), set()
    served = {s.client_id for s in Service.objects.all() if p.start <= s.delivered_on <= p.end}
    for c in Client.objects.all():
        if (
            c.pk in eligible
            and c.first_contact_on <= p.end
            and (c.closed_on is None or c.closed_on >= p.start)
        ):
            den.add(c.pk)
            if c.pk in served:
                num.add(c.pk)
    return num, den


def test_t13_2024_equals_a_hand_count():
    from pcmd.indicators.services import matrix, parse_request

    p = Period.parse("2024")
    num, den = _hand_t13(p)
    assert 0 < len(num) < len(den)
    assert sum(measures.clients_served(p).values()) == len(num)
    assert sum(measures.clients_needing_and_eligible(p).values()) == len(den)
    [cell] = [
        c
        for c in matrix(parse_request(period="2024"))["cells"]
        if c["indicator"] == "T13" and c["unit_code"] == "96"
    ]
    assert (cell["numerator"], cell["denominator"]) == (len(num), len(den))


def test_a_commune_with_three_clients_shows_as_under_5_on_the_dashboard_and_in_the_report(client, worker):
    from pcmd.reports.builders import build_xlsx
    from pcmd.reports.content import build

    p = Period.parse("2024")
    counts = measures.clients_needing_and_eligible(p)
    communes = list(
        units_valid_on(on=date(2024, 12, 31), level="commune", province="96").filter(path__contains="/967/")
    )
    commune = next(u for u in communes if u.pk not in counts)
    provider = Provider.objects.get(kind="social_work")
    for _ in range(3):
        c = client_create(actor=worker, data=ClientInput(provider=provider, sex="female", unit=commune,
                                                         first_contact_on=date(2024, 2, 1)))  # fmt: skip
        Assessment.objects.create(
            client=c, assessed_on=date(2024, 2, 1), needs=["job"], eligible=True, assessed_by=worker
        )
        consent_record(actor=worker, client=c, purpose="services", given_on=date(2024, 2, 1))
        service_record(actor=worker, client=c, type="job", delivered_on=date(2024, 3, 1))
    assert measures.clients_needing_and_eligible(p)[commune.pk] == 3
    client.force_login(member(Role.LEADER, "96", on=NOW))
    body = client.get("/dashboard/T13/?unit=967&year=2024").content.decode()
    row = re.search(rf"<tr><td>{re.escape(commune.name)}</td>.*?</tr>", body).group(0)
    assert row.count("&lt;5") == 3 and ">3<" not in row and "100,0" not in row
    book = load_workbook(io.BytesIO(build_xlsx(build(kind="yearly", period_text="2024"))))
    sheet = book["Chỉ tiêu theo đơn vị"]
    head = next(sheet.iter_rows(values_only=True))
    col = {name: i for i, name in enumerate(head)}
    num, den, val = col["Tử số"], col["Mẫu số"], col["Giá trị"]
    [annex] = [
        r for r in sheet.iter_rows(values_only=True) if r[0] == "T13" and r[col["Mã đơn vị"]] == commune.code
    ]
    assert (annex[num], annex[den], annex[val]) == ("<5", "<5", "<5")
    # a second cell among its siblings is hidden too, so the district total cannot reveal it
    siblings = [r for r in sheet.iter_rows(values_only=True) if r[0] == "T13" and r[col["Cấp"]] == "Xã, phường"
                and r[col["Mã đơn vị"]] in {u.code for u in communes}]  # fmt: skip
    assert sum(r[num] == "<5" for r in siblings) >= 2


def test_services_by_type_outside_the_module_are_suppressed():
    assert measures.suppress({"a": 3, "b": 7, "c": 12}) == {"a": "<5", "b": "<5", "c": 12}
    assert measures.suppress({"a": 3, "b": 4, "c": 12}) == {"a": "<5", "b": "<5", "c": 12}
    assert measures.suppress({"a": 6, "b": 0}) == {"a": 6, "b": 0}


def test_export_erase_and_retention(worker, client_rec):
    from pcmd.support.services import anonymise_closed, client_erase, client_export

    consent_record(actor=worker, client=client_rec, purpose="identifying", given_on=date(2025, 3, 1),
                   stated_purpose="Hồ sơ vay vốn")  # fmt: skip
    identifying_set(actor=worker, client=client_rec, full_name="Lê Thị Xuất")
    assert '"họ tên": "Lê Thị Xuất"' in client_export(actor=worker, client=client_rec)
    with pytest.raises(PcmdError, match="căn cứ"):
        client_erase(actor=worker, client=client_rec, reason="")
    client_erase(actor=worker, client=client_rec, reason="Người được hỗ trợ yêu cầu xóa ngày 01/11/2026")
    client_rec.refresh_from_db()
    assert client_rec.full_name == "" and client_rec.anonymised_at is not None
    assert AccessLog.objects.filter(object_ref=client_rec.code, action="erase").count() == 1
    old = Client.objects.filter(
        closed_on__lt=date(2026, 11, 29) - timedelta(days=365 * 2), anonymised_at__isnull=True
    )
    expected = old.count()
    assert expected > 0 and anonymise_closed(years=2, today=date(2026, 11, 29)) == expected
    assert not Client.objects.filter(closed_on__lt=date(2024, 11, 29), anonymised_at__isnull=True).exists()
