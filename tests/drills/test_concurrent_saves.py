"""Drill: two officers open the same tip, case and establishment and save at once. One wins; the other is told
that someone saved first, and nothing of the winner's is overwritten."""

from dataclasses import replace
from datetime import date

import pytest
from django.utils import timezone

from pcmd.accounts.models import Role
from pcmd.core.errors import Conflict
from pcmd.establishments.models import BusinessType, Establishment
from pcmd.establishments.services import EstablishmentInput, establishment_create, establishment_update
from pcmd.geography.selectors import unit_at
from pcmd.tips.models import Case, Tip
from pcmd.tips.services import CaseInput, TipInput, case_record, tip_classify, tip_receive
from tests.factories import member

pytestmark = pytest.mark.django_db
NOW = date(2025, 7, 1)
CONFLICT = "Bản ghi đã được người khác cập nhật sau khi bạn mở"


@pytest.fixture
def officers():
    return member(Role.POLICE, "96", on=NOW), member(Role.POLICE, "96", on=NOW)


def _two_clients(django_client_class, a, b):
    ca, cb = django_client_class(), django_client_class()
    ca.force_login(a)
    cb.force_login(b)
    return ca, cb


def test_the_same_tip_saved_at_once(officers):
    from django.test import Client

    a, b = officers
    tip = tip_receive(actor=a, data=TipInput(received_at=timezone.now(), channel="phone", content="Tin báo",
                                             unit=unit_at(code="32002", on=NOW)))  # fmt: skip
    tip = tip_classify(actor=a, tip=tip, kind="crime_tip", on=timezone.localdate(), handler=a)
    seen = Tip.objects.get(pk=tip.pk).version  # both pages opened at this version
    ca, cb = _two_clients(Client, a, b)
    today = timezone.localdate().isoformat()
    first = ca.post(f"/tips/{tip.pk}/", {"action": "event", "type": "resolved", "on": today,
                                          "note": "Kết quả của cán bộ A", "version": seen, "confirm": "1"})  # fmt: skip
    second = cb.post(f"/tips/{tip.pk}/", {"action": "event", "type": "resolved", "on": today,
                                           "note": "Kết quả của cán bộ B", "version": seen, "confirm": "1"})  # fmt: skip
    assert first.status_code == 302
    assert second.status_code == 200 and CONFLICT in second.content.decode()
    tip.refresh_from_db()
    assert tip.result == "Kết quả của cán bộ A" and tip.version == seen + 1
    assert list(tip.events.filter(type="resolved").values_list("note", flat=True)) == ["Kết quả của cán bộ A"]


def test_the_same_case_saved_at_once(officers):
    from django.test import Client

    a, b = officers
    case = case_record(actor=a, data=CaseInput(detected_on=date(2025, 9, 1), unit=unit_at(code="32002", on=NOW),
                                               type="harbouring", handling="administrative"))  # fmt: skip
    seen = Case.objects.get(pk=case.pk).version
    ca, cb = _two_clients(Client, a, b)
    first = ca.post(f"/tips/cases/{case.pk}/", {"status": "dismantled", "dismantled_on": "2025-09-10",
                                                 "version": seen})  # fmt: skip
    second = cb.post(f"/tips/cases/{case.pk}/", {"status": "dismantled", "dismantled_on": "2025-09-20",
                                                  "version": seen})  # fmt: skip
    assert first.status_code == 302
    assert second.status_code == 200 and CONFLICT in second.content.decode()
    case.refresh_from_db()
    assert (case.status, case.dismantled_on, case.version) == ("dismantled", date(2025, 9, 10), seen + 1)


def test_the_same_establishment_saved_at_once():
    a, b = member(Role.INSPECTOR, "96", on=NOW), member(Role.INSPECTOR, "96", on=NOW)
    data = EstablishmentInput(name="Nhà nghỉ Cùng Lúc", business_type=BusinessType.objects.get(code="nha-nghi"),
                              address="Số 2", unit=unit_at(code="32002", on=NOW), opened_on=date(2022, 3, 1),
                              total_workers=6, female_workers=4)  # fmt: skip
    e = establishment_create(actor=a, data=data)
    seen = Establishment.objects.get(pk=e.pk).version
    establishment_update(actor=a, establishment_id=e.pk, expected_version=seen,
                         data=replace(data, total_workers=8, female_workers=5))  # fmt: skip
    with pytest.raises(Conflict, match=CONFLICT):
        establishment_update(actor=b, establishment_id=e.pk, expected_version=seen,
                             data=replace(data, total_workers=3, female_workers=1))  # fmt: skip
    e.refresh_from_db()
    assert (e.total_workers, e.female_workers, e.version) == (8, 5, seen + 1)
