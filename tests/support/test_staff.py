"""Supervisors open and close the firewall for colleagues; nobody else can, and every change has its author."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from pcmd.accounts.models import Role
from pcmd.support.models import Client, Provider, Staff
from tests.factories import member

pytestmark = pytest.mark.django_db
NOW = date(2025, 7, 1)


@pytest.fixture
def supervisor(client):
    user = member(Role.SUPPORT_WORKER, "96", on=NOW, username="giamsat-ctxh")
    Staff.objects.create(provider=Provider.objects.get(kind="social_work"), user=user, valid_from=date(2021, 1, 1),
                         supervisor=True)  # fmt: skip
    client.force_login(user)
    return user


def _add(client, username, **kw):
    data = {"action": "add", "a-provider": Provider.objects.get(kind="social_work").pk, "a-username": username,
            "a-valid_from": timezone.localdate().isoformat(), **kw}  # fmt: skip
    return client.post("/support/staff/", data)


def test_a_supervisor_gives_and_ends_access_and_the_colleague_sees_clients_only_meanwhile(client, supervisor):
    colleague = member(Role.SUPPORT_WORKER, "96", on=NOW, username="ctxh-moi")
    some_client = Client.objects.filter(provider__kind="social_work").first()
    assert _add(client, "ctxh-moi").status_code == 302
    row = Staff.objects.get(user=colleague)
    assert row.history.get().history_user == supervisor
    client.force_login(colleague)
    assert (
        client.get(f"/support/{some_client.pk}/").status_code == 200
    )  # asks the purpose: inside the firewall
    client.force_login(supervisor)
    end = {"action": "end", "e-staff": row.pk, "e-on": (timezone.localdate() - timedelta(days=1)).isoformat()}
    r = client.post("/support/staff/", end)  # "Kết thúc ngay" first asks, naming who loses what
    confirm = r.content.decode().split('id="confirm-end"')[1].split("</div>")[0]
    assert r.status_code == 200 and "ctxh-moi" in confirm and "sẽ không mở được hồ sơ nào của" in confirm
    assert "tức là ngay bây giờ" in confirm
    row.refresh_from_db()
    assert row.valid_to is None and row.history.count() == 1
    r = client.post("/support/staff/", {**end, "e-confirm": "True"})
    assert r.status_code == 302
    row.refresh_from_db()
    assert row.valid_to == timezone.localdate() - timedelta(days=1) and row.history.count() == 2
    client.force_login(colleague)
    assert client.get(f"/support/{some_client.pk}/").status_code == 404
    assert client.get("/support/").status_code == 404


def test_only_support_workers_can_be_added_and_only_once(client, supervisor):
    member(Role.INSPECTOR, "96", on=NOW, username="thanhtra")
    body = _add(client, "thanhtra").content.decode()
    assert (
        "chưa có vai trò cán bộ hỗ trợ" in body
        and not Staff.objects.filter(user__username="thanhtra").exists()
    )
    assert "Không có tài khoản đang hoạt động tên «khongco»" in _add(client, "khongco").content.decode()
    assert "đã là cán bộ của" in _add(client, "giamsat-ctxh").content.decode()


def test_nobody_ends_their_own_access_and_others_never_see_the_page(client, supervisor):
    own = Staff.objects.get(user=supervisor)
    client.post(
        "/support/staff/",
        {"action": "end", "e-staff": own.pk, "e-on": timezone.localdate().isoformat(), "e-confirm": "True"},
    )
    own.refresh_from_db()
    assert own.valid_to is None
    plain = member(Role.SUPPORT_WORKER, "96", on=NOW)
    Staff.objects.create(
        provider=Provider.objects.get(kind="social_work"), user=plain, valid_from=date(2021, 1, 1)
    )
    client.force_login(plain)
    assert client.get("/support/staff/").status_code == 404  # staff, not a supervisor
    other_sup = member(Role.SUPPORT_WORKER, "96", on=NOW)
    Staff.objects.create(provider=Provider.objects.get(kind="health"), user=other_sup, valid_from=date(2021, 1, 1),
                         supervisor=True)  # fmt: skip
    client.force_login(other_sup)
    r = client.post(
        "/support/staff/",
        {"action": "end", "e-staff": own.pk, "e-on": timezone.localdate().isoformat(), "e-confirm": "True"},
    )
    own.refresh_from_db()
    assert own.valid_to is None and "Không tìm thấy" in str([m.message for m in r.wsgi_request._messages])
    for role in (Role.LEADER, Role.ADMINISTRATOR, Role.POLICE):
        client.force_login(member(role, "96", on=NOW))
        assert client.get("/support/staff/").status_code == 404
