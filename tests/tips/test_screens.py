"""The officer's screens read as the user reads them: the countdown under its header, confirmation before every
clock step, who decides an extension, and the page «Cách tính thời hạn»."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from pcmd.accounts.models import Role
from pcmd.geography.selectors import unit_at
from pcmd.tips.models import ClockRule, Kind, Tip
from pcmd.tips.services import TipInput, tip_receive
from tests.factories import member

pytestmark = pytest.mark.django_db
ON = date(2025, 7, 1)


def _cell(body, row_text, header):
    """The cell under `header` in the row of the table that contains `row_text`."""
    table = re.search(r"<table id=\"tips\">.*?</table>", body, re.S).group(0)
    headers = re.findall(r"<th>(.*?)</th>", table)
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", table, re.S) if row_text in r)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return re.sub(r"<[^>]+>", " ", cells[headers.index(header)]).strip()


@pytest.fixture
def police():
    return member(Role.POLICE, "96", on=ON, full_name="Điều tra viên B")


def _receive(police, days_ago, kind=Kind.CRIME_TIP):
    when = timezone.now() - timedelta(days=days_ago, seconds=1)
    return tip_receive(actor=police, data=TipInput(received_at=when, channel="hotline", content="Tin báo", kind=kind,
                                                   unit=unit_at(code="32002", on=ON)))  # fmt: skip


def test_lists_show_days_left_and_days_overdue_under_their_header(
    client, police, django_assert_max_num_queries
):
    fresh, late = _receive(police, 0), _receive(police, 25)
    client.force_login(police)
    with django_assert_max_num_queries(14):
        body = client.get("/tips/?reference=TB-").content.decode()
    assert _cell(body, fresh.reference, "Thời hạn còn lại") == "Còn 20 ngày"
    assert _cell(body, late.reference, "Thời hạn còn lại") == "Quá hạn 5 ngày"
    assert 'class="due due-late">Quá hạn 5 ngày' in body and 'class="due due-ok">Còn 20 ngày' in body
    petition = _receive(police, 0, kind=Kind.PETITION)  # 15 working days
    body = client.get(f"/tips/?reference={petition.reference}").content.decode()
    assert re.fullmatch(r"Còn 1[0-9] ngày làm việc", _cell(body, petition.reference, "Thời hạn còn lại"))
    body = client.get(f"/tips/{late.pk}/").content.decode()
    assert 'id="countdown" class="due due-late">Quá hạn 5 ngày<' in body
    assert (
        "BLTTHS 2015 điều 147 khoản 1: 20 ngày kể từ ngày nhận" in body
        and 'href="/tips/rules/#rule-crime_tip"' in body
    )


def test_every_clock_step_is_confirmed_then_recorded_with_who_and_when(client, police):
    tip = _receive(police, 3)
    client.force_login(police)
    today = timezone.localdate()
    form = {"action": "event", "type": "closed", "on": today.isoformat(), "note": "Đã xác minh, xử lý hành chính",
            "version": tip.version}  # fmt: skip
    body = client.post(f"/tips/{tip.pk}/", form).content.decode()
    assert "Xác nhận bước giải quyết" in body and 'id="confirm-on-time"><b>Đúng hạn' in body
    assert (
        'name="confirm" value="1"' in body and Tip.objects.get(pk=tip.pk).status != "closed"
    )  # nothing saved yet
    r = client.post(f"/tips/{tip.pk}/", {**form, "confirm": "1"})
    assert r.status_code == 302
    closed = Tip.objects.get(pk=tip.pk).events.get(type="closed")
    assert closed.actor == police and timezone.now() - closed.created_at < timedelta(minutes=1)
    body = client.get(f"/tips/{tip.pk}/").content.decode()
    assert f"{closed.created_at.astimezone(timezone.get_current_timezone()):%d/%m/%Y %H:%M}" in body


def test_the_requester_cannot_approve_and_the_leader_can(client, police):
    tip = _receive(police, 3)
    client.force_login(police)
    ask = {"action": "event", "type": "extension_asked", "on": timezone.localdate().isoformat(), "step": "0",
           "version": tip.version, "confirm": "1"}  # fmt: skip
    assert client.post(f"/tips/{tip.pk}/", ask).status_code == 302
    approve = {**ask, "type": "extension_approved", "step": "", "version": tip.version + 1}
    body = client.post(f"/tips/{tip.pk}/", approve).content.decode()
    assert "Người đề nghị không được tự quyết định «Vụ việc phức tạp»" in body
    assert not Tip.objects.get(pk=tip.pk).events.filter(type="extension_approved").exists()
    leader = member(Role.LEADER, "96", on=ON)
    client.force_login(leader)
    page = client.get(f"/tips/{tip.pk}/").content.decode()
    assert "Quyết định gia hạn, tạm đình chỉ" in page and "Thời gian gia hạn (tháng)" in page
    assert ("Viện kiểm sát gia hạn: thêm tối đa 2 tháng mỗi lần, tối đa 1 lần – BLTTHS 2015 điều 147 khoản 2: gia hạn "
            "một lần không quá 02 tháng; đề nghị chậm nhất 05 ngày trước khi hết hạn [C]") in page  # fmt: skip
    assert client.post(f"/tips/{tip.pk}/", approve).status_code == 302
    tip.refresh_from_db()
    received = timezone.localdate(tip.received_at)
    assert tip.events.get(type="extension_approved").actor == leader and tip.due_on >= received + timedelta(
        days=59
    )
    outsider = member(Role.INSPECTOR, "96", on=ON)
    client.force_login(outsider)
    assert "Quyết định gia hạn" not in client.get(f"/tips/{tip.pk}/").content.decode()


def test_the_rules_page_lists_every_rule_in_force_with_its_sources(
    client, police, django_assert_max_num_queries
):
    client.force_login(police)
    with django_assert_max_num_queries(8):  # session, user, navigation, the rules: one query for all of them
        body = client.get("/tips/rules/").content.decode()
    for rule in ClockRule.objects.all():
        assert f'id="rule-{rule.kind}"' in body and rule.legal_basis in body
        for step in rule.steps:
            assert step["basis"] in body
    assert "Luật Khiếu nại 2011 điều 28: 30 ngày kể từ ngày thụ lý; vùng sâu, vùng xa 45 ngày" in body
    assert "đề nghị chậm nhất 5 ngày trước khi hết hạn" in body


def test_classifying_starts_the_clock_only_once_confirmed(client, police):
    tip = _receive(police, 2, kind="")
    client.force_login(police)
    form = {"action": "classify", "kind": "complaint_1", "on": timezone.localdate().isoformat(), "remote_area": "on",
            "version": tip.version}  # fmt: skip
    body = client.post(f"/tips/{tip.pk}/", form).content.decode()
    assert "Phân loại: Khiếu nại lần đầu" in body and Tip.objects.get(pk=tip.pk).kind == ""
    received = timezone.localdate(tip.received_at)
    assert client.post(f"/tips/{tip.pk}/", {**form, "confirm": "1"}).status_code == 302
    tip.refresh_from_db()
    classified = tip.events.get(type="classified")
    assert (tip.kind, tip.remote_area, classified.actor) == ("complaint_1", True, police)
    assert tip.due_on >= received + timedelta(days=10)  # the acceptance stage: 10 days, rolled past a day off
