from datetime import date, timedelta

import pytest
from django.utils import timezone

from pcmd.accounts.models import Role
from pcmd.core.errors import Forbidden, PcmdError
from pcmd.core.period import Period
from pcmd.geography.selectors import unit_at
from pcmd.outreach import measures
from pcmd.outreach.models import ActivityForm, CommunicationActivity, RegularityRule
from pcmd.outreach.services import ActivityInput, activity_record, press_item_record
from tests.factories import member

pytestmark = pytest.mark.django_db
NOW = date(2025, 7, 1)


def _input(**kw):
    base = dict(held_on=timezone.localdate(), unit=unit_at(code="32002", on=NOW), form=ActivityForm.objects.first(),
                target_group="community", title="Nói chuyện chuyên đề")  # fmt: skip
    base.update(kw)
    return ActivityInput(**base)


def test_activity_rules():
    officer = member(Role.LOCAL_OFFICER, "32002", on=NOW)
    a = activity_record(actor=officer, data=_input())
    assert a.history.count() == 1
    with pytest.raises(PcmdError, match="tương lai"):
        activity_record(actor=officer, data=_input(held_on=timezone.localdate() + timedelta(days=2)))
    old = unit_at(code="32011", on=date(2023, 1, 1))
    with pytest.raises(PcmdError, match="không có hiệu lực vào ngày"):
        activity_record(actor=member(Role.LEAD_OFFICER, "96", on=NOW), data=_input(unit=old))
    with pytest.raises(Forbidden):
        activity_record(actor=officer, data=_input(unit=unit_at(code="32044", on=NOW)))


def test_press_item_in_the_future_is_refused():
    lead = member(Role.LEAD_OFFICER, "96", on=NOW)
    with pytest.raises(PcmdError, match="tương lai"):
        press_item_record(
            actor=lead, outlet="bao_ca_mau", published_on=timezone.localdate() + timedelta(days=1), title="x"
        )
    with pytest.raises(Forbidden):
        press_item_record(actor=member(Role.LOCAL_OFFICER, "32002", on=NOW), outlet="bao_ca_mau",
                          published_on=date(2024, 1, 1), title="x")  # fmt: skip


def test_the_regularity_rule_is_data():
    p = Period.parse("2023")
    strict = measures.communes_with_regular_activity(p)
    RegularityRule.objects.create(valid_from=date(2023, 1, 1), every_quarter=False, note="thử")
    loose = measures.communes_with_regular_activity(p)
    active = set(CommunicationActivity.objects.filter(held_on__year=2023).values_list("unit_id", flat=True))
    assert set(loose) == active and set(strict) < set(loose)


def test_page_lists_communes_without_activity_this_quarter(client, django_assert_max_num_queries):
    client.force_login(member(Role.LEAD_OFFICER, "96", on=NOW))
    with django_assert_max_num_queries(
        16
    ):  # constant: the form's lists (communes, forms, agencies, zones, schools)
        body = client.get("/outreach/").content.decode()
    assert 'id="missing-count"' in body
    r = client.post("/outreach/", {"held_on": "", "title": ""})
    assert "Ngày tổ chức: Hãy nhập ngày." in r.content.decode()
