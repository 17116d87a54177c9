"""Clock rules as data: versions by effective date, administrators' edits with history, and the edits refused."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from pcmd.accounts.models import Role
from pcmd.geography.selectors import unit_at
from pcmd.tips.models import ClockRule, Tip
from pcmd.tips.rules import rule_for, rules_in_force
from pcmd.tips.services import TipInput, tip_classify, tip_receive
from tests.factories import member

pytestmark = pytest.mark.django_db
FORM = "/admin/tips/clockrule/"


def _post(rule, **changes):
    data = {f: getattr(rule, f) for f in ("kind", "legal_basis", "confidence", "starts_on", "accept_limit",
            "accept_count", "accept_basis", "limit", "limit_count", "remote_limit", "suspension_basis",
            "suspension_approver", "resume_limit", "resume_count", "resume_confidence", "roll_basis",
            "roll_confidence", "note")}  # fmt: skip
    data |= {"effective_from": rule.effective_from.isoformat(), "steps": _json(rule.steps)}
    data |= {f: "on" for f in ("suspension_allowed", "roll_days", "roll_months") if getattr(rule, f)}
    data |= changes
    return {k: v for k, v in data.items() if v is not False}


def _json(v):
    import json

    return json.dumps(v, ensure_ascii=False)


@pytest.fixture
def admin(client):
    user = member(Role.ADMINISTRATOR, "96", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_a_rule_edit_that_would_change_received_matters_is_refused_and_nothing_saved(client, admin):
    rule = ClockRule.objects.get(kind="crime_tip")
    assert Tip.objects.filter(kind="crime_tip").exists()  # the demo's matters follow this version
    before = (rule.limit, rule.steps, rule.history.count())
    cases = [
        ({"limit": "-5"}, "Không được âm"),
        ({"limit": "0"}, "Thời hạn giải quyết phải lớn hơn 0"),
        ({"steps": _json(rule.steps[:1])}, "Không thể bỏ bước gia hạn «Viện kiểm sát gia hạn»: đang áp dụng cho"),
        ({"suspension_allowed": False}, "Không thể bỏ việc tạm đình chỉ: đang áp dụng cho"),
        ({"limit": "30"}, "Không thể sửa thời hạn của quy tắc này: đang áp dụng cho"),
        ({"steps": _json([{**rule.steps[0], "amount": 0}])}, "amount phải là số nguyên lớn hơn 0"),
    ]  # fmt: skip
    for change, message in cases:
        r = client.post(f"{FORM}{rule.pk}/change/", _post(rule, **change))
        assert r.status_code == 200 and message in r.content.decode(), (change, message)
    rule.refresh_from_db()
    assert (rule.limit, rule.steps, rule.history.count()) == before
    denunciation = ClockRule.objects.get(kind="denunciation")
    r = client.post(
        f"{FORM}{denunciation.pk}/change/", _post(denunciation, accept_limit="0", starts_on="received")
    )
    assert "Không thể bỏ giai đoạn thụ lý: đang áp dụng cho" in r.content.decode()


def test_legal_text_may_be_corrected_and_a_new_version_applies_from_its_effective_date(client, admin):
    rule = ClockRule.objects.get(kind="crime_tip")
    r = client.post(f"{FORM}{rule.pk}/change/", _post(rule, note="Ghi chú đã đối chiếu"))
    assert r.status_code == 302
    assert (
        rule.history.latest().history_user == admin and rule.history.latest().note == "Ghi chú đã đối chiếu"
    )
    past = timezone.localdate() - timedelta(days=400)
    r = client.post(f"{FORM}add/", _post(rule, effective_from=past.isoformat(), limit="25"))
    assert (
        "quy tắc mới chỉ áp dụng cho việc tiếp nhận sau ngày có hiệu lực, không hồi tố" in r.content.decode()
    )
    start = timezone.localdate() + timedelta(days=1)
    r = client.post(f"{FORM}add/", _post(rule, effective_from=start.isoformat(), limit="25"))
    assert r.status_code == 302
    assert rule_for("crime_tip", timezone.localdate()).limit == 20
    assert rule_for("crime_tip", start).limit == 25
    assert {r.kind: r.limit for r in rules_in_force(start)}["crime_tip"] == 25
    # a matter received before keeps its version when classified afterwards
    police = member(Role.POLICE, "96")
    tip = tip_receive(actor=police, data=TipInput(
        received_at=timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=2), time(9))),
        channel="phone", content="Tin báo", unit=unit_at(code="32002", on=date(2025, 7, 1))))  # fmt: skip
    tip = tip_classify(actor=police, tip=tip, kind="crime_tip", on=timezone.localdate())
    assert tip.due_on == timezone.localdate() - timedelta(days=2) + timedelta(days=20)
