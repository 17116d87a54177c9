"""Need to handle: every route of the URL conf, as every role and a superuser. The routes marked as revealing a
denouncer's identity, an intake attachment or a support client answer 404 to everyone but the people handling it
(the assigned officer and the one who assigned them; the provider's staff for clients); no other route ever
carries the identity, the attachment or a client."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from pcmd.accounts.models import Agency, Membership, Role
from pcmd.audit.models import AccessLog
from pcmd.core.models import Notification
from pcmd.core.sensitive import BREAK_GLASS, IDENTITY, SUPPORT
from pcmd.geography.selectors import unit_at
from pcmd.support.models import Provider, Staff
from pcmd.support.services import ClientInput, client_create, consent_record, identifying_set
from pcmd.tips.models import Tip
from pcmd.tips.services import TipInput, tip_classify, tip_receive
from tests.factories import UserFactory, member
from tests.routes import body, concrete, routes

pytestmark = pytest.mark.django_db
NOW = date(2025, 7, 1)
NAME, PHONE, LETTER = "Lâm Thị Tố Giác", "0987 654 321", "THU-TO-GIAC-BI-MAT"
CLIENT_NAME = "Đỗ Thị Được Hỗ Trợ"
SECRETS = (NAME, PHONE, LETTER, CLIENT_NAME)


@pytest.fixture
def world():
    receiver = member(Role.POLICE, "96", on=NOW, username="tiepnhan")
    assigner = member(Role.LEAD_OFFICER, "96", on=NOW, username="giaoviec")
    handler = member(Role.POLICE, "96", on=NOW, username="thuly")
    tip = tip_receive(actor=receiver, data=TipInput(
        received_at=timezone.now(), channel="letter", content="Đơn tố cáo nhà nghỉ", reporter_name=NAME,
        reporter_contact=PHONE, unit=unit_at(code="32002", on=NOW),
        attachment=ContentFile(f"%PDF-1.4 {LETTER}".encode(), name="don.pdf"),
    ))  # fmt: skip
    tip_classify(actor=assigner, tip=tip, kind="denunciation", on=timezone.localdate(), handler=handler)
    tip.refresh_from_db()
    worker = member(Role.SUPPORT_WORKER, "96", on=NOW, username="hotro")
    provider = Provider.objects.get(kind="social_work")
    Staff.objects.create(provider=provider, user=worker, valid_from=date(2021, 1, 1), supervisor=True)
    client_rec = client_create(actor=worker, data=ClientInput(provider=provider, sex="female",
                                                              first_contact_on=date(2025, 3, 1), age_group="25-34"))  # fmt: skip
    consent_record(actor=worker, client=client_rec, purpose="identifying", given_on=date(2025, 3, 1),
                   stated_purpose="Liên hệ hỗ trợ")  # fmt: skip
    identifying_set(actor=worker, client=client_rec, full_name=CLIENT_NAME)
    others = {role: member(role, "96", on=NOW, username=f"r-{role}") for role in Role.values}
    others["commune"] = member(Role.LOCAL_OFFICER, "32002", on=NOW, username="xa")
    others["superuser"] = UserFactory(username="sieu", is_superuser=True, is_staff=True)  # no role at all
    quantri = member(Role.ADMINISTRATOR, "96", on=NOW, username="quantri", is_superuser=True, is_staff=True)
    others["quantri"] = quantri
    auditor = others[Role.AUDITOR]
    return {"tip": tip, "client": client_rec, "receiver": receiver, "assigner": assigner, "handler": handler,
            "worker": worker, "others": others, "quantri": quantri, "auditor": auditor}  # fmt: skip


def _marked():
    found = {}
    for route, view in routes():
        kind = getattr(view, "pcmd_reveals", None)
        if kind:
            found[route] = kind
    return found


def _pk(route, world):
    return world["client"].pk if route.startswith("support/") else world["tip"].pk


def test_only_the_people_handling_it_reach_identity_attachment_and_clients(client, world):
    marked = _marked()
    assert {"tips/<int:pk>/identity/", "tips/<int:pk>/attachment", "tips/<int:pk>/break-glass/",
            "support/<int:pk>/", "support/<int:pk>/export.json", "support/break-glass/"} <= set(marked)  # fmt: skip
    allowed = {
        IDENTITY: {world["handler"].pk, world["assigner"].pk},
        SUPPORT: {world["worker"].pk},
        BREAK_GLASS: {world["quantri"].pk, world["others"][Role.ADMINISTRATOR].pk},
    }  # the role, not the flag
    users = [
        world["handler"],
        world["assigner"],
        world["receiver"],
        world["worker"],
        *world["others"].values(),
    ]
    everything = sorted(
        r for r, _ in routes() if "<path:" not in r and (not r.startswith("admin/") or r == "admin/")
    )
    for user in users:
        client.force_login(user)
        for route in everything:
            url = concrete(route, _pk(route, world))
            r = client.get(url)
            text = body(r)
            assert not any(s in text for s in SECRETS), (user.username, url)  # a GET alone shows nothing
            kind = marked.get(route)
            if kind:
                if user.pk not in allowed[kind]:
                    assert r.status_code == 404, (user.username, url)
                elif "referrals" not in route:  # (the one route whose record the walk does not create)
                    assert r.status_code != 404, (user.username, url)
                assert r.status_code == 404 or "no-store" in r["Cache-Control"], url
        # the reads themselves: a purpose (or a written reason) given, as the handlers would
        tip, cl = world["tip"], world["client"]
        posts = [(IDENTITY, f"/tips/{tip.pk}/identity/", {"purpose": "handling"}, NAME),
                 (IDENTITY, f"/tips/{tip.pk}/attachment", {"purpose": "handling"}, LETTER),
                 (BREAK_GLASS, f"/tips/{tip.pk}/break-glass/", {"reason": "Người tố giác bị đe dọa, cần liên hệ ngay"}, NAME),
                 (SUPPORT, f"/support/{cl.pk}/export.json", {"purpose": "client_request"}, CLIENT_NAME)]  # fmt: skip
        for kind, url, data, secret in posts:
            r = client.post(url, data)
            if user.pk in allowed[kind]:
                assert secret in body(r), (user.username, url)
            else:
                assert r.status_code == 404 and secret not in body(r), (user.username, url)
    reads = AccessLog.objects.filter(object_ref=world["tip"].reference)
    assert {(g.user.username, g.action, g.purpose) for g in reads} == {
        ("thuly", "read", "handling"), ("thuly", "attachment", "handling"),
        ("giaoviec", "read", "handling"), ("giaoviec", "attachment", "handling"),
        ("quantri", "read", "break_glass"), ("r-administrator", "read", "break_glass"),
    }  # fmt: skip


def test_break_glass_needs_a_reason_and_the_auditor_sees_it_at_once(client, world):
    tip = world["tip"]
    client.force_login(world["quantri"])
    r = client.post(f"/tips/{tip.pk}/break-glass/", {"reason": "xem"})
    assert "ít nhất 15 ký tự" in body(r) and NAME not in body(r)
    assert not AccessLog.objects.filter(object_ref=tip.reference).exists()
    reason = "Người tố giác báo bị đe dọa qua điện thoại"
    assert NAME in body(client.post(f"/tips/{tip.pk}/break-glass/", {"reason": reason}))
    note = Notification.objects.get(user=world["auditor"])
    assert reason in note.text and tip.reference in note.text
    client.force_login(world["auditor"])
    page = body(client.get("/audit/?break_glass=1"))
    assert reason in page and tip.reference in page


def test_an_administrator_role_without_the_matter_or_a_lost_role_reads_nothing(client, world):
    """Assignments are personal: a handler who leaves the matter (reassigned) loses the identity."""
    tip, handler = world["tip"], world["handler"]
    newcomer = member(Role.POLICE, "96", on=NOW)
    tip_classify(actor=world["assigner"], tip=tip, kind="denunciation", on=timezone.localdate(), handler=newcomer,
                 version=Tip.objects.get(pk=tip.pk).version)  # fmt: skip
    client.force_login(handler)
    assert client.get(f"/tips/{tip.pk}/identity/").status_code == 404
    client.force_login(newcomer)
    assert client.get(f"/tips/{tip.pk}/identity/").status_code == 200
    # a superuser given the administrator role in a district elsewhere still cannot break the glass here
    far = member(Role.ADMINISTRATOR, "96", on=NOW, is_superuser=True)
    Membership.objects.filter(user=far).update(unit=unit_at(code="32011", on=date(2023, 1, 1)),
                                               agency=Agency.objects.first())  # fmt: skip
    client.force_login(far)
    assert client.get(f"/tips/{tip.pk}/break-glass/").status_code == 404
