from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from pcmd.accounts.models import Role
from pcmd.core.errors import PcmdError
from pcmd.establishments.models import (
    BusinessType,
    Establishment,
    Inspection,
    InspectionTeam,
    Sanction,
    ViolationAct,
)
from pcmd.establishments.services import (
    DuplicateWarning,
    EstablishmentInput,
    InspectionInput,
    SanctionInput,
    establishment_create,
    establishments_rehome,
    inspection_record,
    sanction_record,
    unit_on,
    violation_record,
)
from pcmd.geography.selectors import unit_at
from tests.factories import member

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = date(2025, 7, 1)


@pytest.fixture
def inspector():
    return member(Role.INSPECTOR, "96", on=NOW)


def _input(**kw):
    base = dict(name="Nhà nghỉ Thử Nghiệm", business_type=BusinessType.objects.get(code="nha-nghi"),
                address="Số 1, Lý Thường Kiệt", unit=unit_at(code="32002", on=NOW), opened_on=date(2022, 3, 1),
                total_workers=6, female_workers=4)  # fmt: skip
    base.update(kw)
    return EstablishmentInput(**base)


def test_create_then_inspection_violation_sanction(inspector):
    e = establishment_create(actor=inspector, data=_input())
    team = InspectionTeam.objects.get(level="province")
    at = timezone.now() - timedelta(days=2)
    i = inspection_record(actor=inspector, establishment_id=e.pk,
                          data=InspectionInput(team=team, inspected_at=at, record_number="BB-T-1"))  # fmt: skip
    assert i.unit == e.unit and i.inspected_on == timezone.localtime(at).date()
    act = ViolationAct.objects.get(code="mua-dam")
    v = violation_record(
        actor=inspector, inspection_id=i.pk, act=act, record_number="VP-T-1", persons={"buyers": 1}
    )
    i.refresh_from_db()
    assert i.result == Inspection.Result.VIOLATION and v.buyers == 1
    s = sanction_record(actor=inspector, violation_id=v.pk, data=SanctionInput(
        decision_number="QĐ-T-1", decided_on=i.inspected_on, authority="Chủ tịch UBND", fine_amount=1_500_000))  # fmt: skip
    assert s.status == Sanction.Status.ISSUED
    assert e.history.count() == 1 and i.history.count() == 2


@pytest.mark.parametrize(
    ("kw", "field", "fragment"),
    [
        ({"female_workers": 9}, "female_workers", "lớn hơn tổng số lao động"),
        ({"registration_number": "12-34"}, "registration_number", "không đúng định dạng"),
        ({"opened_on": date(2099, 1, 1)}, "opened_on", "tương lai"),
        ({"unit": None}, "unit", "không có hiệu lực"),
        ({"status": "closed"}, "closed_on", "cần có ngày đóng cửa"),
        ({"phone": "12ab"}, "phone", "không hợp lệ"),
    ],
)
def test_bad_establishment_refused_with_field_and_reason(inspector, kw, field, fragment):
    if "unit" in kw:
        kw["unit"] = unit_at(code="970", on=date(2023, 1, 1))  # a district that no longer exists
        kw["unit"].level = "commune"
    before = Establishment.objects.count()
    with pytest.raises(PcmdError) as err:
        establishment_create(actor=inspector, data=_input(**kw))
    assert err.value.field == field and fragment in err.value.message
    assert Establishment.objects.count() == before


def test_likely_duplicate_is_shown_before_saving(inspector):
    establishment_create(actor=inspector, data=_input(registration_number="2001234567"))
    with pytest.raises(DuplicateWarning) as err:
        establishment_create(actor=inspector, data=_input(name="NHÀ NGHỈ THỬ NGHIỆM", registration_number=""))
    assert err.value.matches[0].name == "Nhà nghỉ Thử Nghiệm"
    with pytest.raises(DuplicateWarning):
        establishment_create(actor=inspector, data=_input(name="Khác hẳn", registration_number="2001234567"))
    establishment_create(actor=inspector, data=_input(name="NHÀ NGHỈ THỬ NGHIỆM"), confirm_duplicate=True)


def test_inspection_rules(inspector):
    e = establishment_create(actor=inspector, data=_input(opened_on=date(2024, 1, 10)))
    team = InspectionTeam.objects.get(level="province")
    cases = [
        (timezone.now() + timedelta(days=3), "BB-X-1", "tương lai"),
        (datetime(2023, 12, 1, 9, tzinfo=TZ), "BB-X-2", "trước ngày cơ sở bắt đầu hoạt động"),
    ]
    for at, number, fragment in cases:
        with pytest.raises(PcmdError, match=fragment):
            inspection_record(
                actor=inspector,
                establishment_id=e.pk,
                data=InspectionInput(team=team, inspected_at=at, record_number=number),
            )
    existing = Inspection.objects.first().record_number
    with pytest.raises(PcmdError, match="đã được dùng"):
        inspection_record(actor=inspector, establishment_id=e.pk,
                          data=InspectionInput(team=team, inspected_at=timezone.now(), record_number=existing))  # fmt: skip
    district_team = InspectionTeam.objects.filter(level="district").first()
    with pytest.raises(PcmdError, match="không hoạt động"):
        inspection_record(actor=inspector, establishment_id=e.pk,
                          data=InspectionInput(team=district_team, inspected_at=timezone.now(), record_number="BB-X-3"))  # fmt: skip


def test_fine_outside_the_legal_range_and_duplicate_decision(inspector):
    v = ViolationAct.objects.get(code="mua-dam").violation_set.select_related("inspection").first()
    data = SanctionInput(
        decision_number="QĐ-Z", decided_on=v.inspection.inspected_on, authority="UBND", fine_amount=7_000_000
    )
    with pytest.raises(PcmdError) as err:
        sanction_record(actor=inspector, violation_id=v.pk, data=data)
    assert err.value.field == "fine_amount" and "1.000.000 đồng đến 2.000.000 đồng" in err.value.message
    taken = Sanction.objects.first().decision_number
    with pytest.raises(PcmdError, match="đã được dùng"):
        sanction_record(actor=inspector, violation_id=v.pk, data=SanctionInput(
            decision_number=taken, decided_on=v.inspection.inspected_on, authority="UBND", fine_amount=1_000_000))  # fmt: skip


def test_commune_officer_cannot_write_elsewhere():
    officer = member(Role.LOCAL_OFFICER, "32044", on=NOW)
    with pytest.raises(PcmdError, match="không có quyền"):
        establishment_create(actor=officer, data=_input())


def test_rehoming_follows_both_changes_and_keeps_past_inspection_units():
    """Demo data was re-homed on seeding: an establishment of old Phường 2 (32011) went to Phường 2 (2024)
    then Phường An Xuyên (2025); its 2023 inspections still point at the 2021 commune."""
    old = unit_at(code="32011", on=date(2023, 1, 1))
    e = Establishment.objects.filter(homes__unit=old).first()
    assert [h.unit.name for h in e.homes.order_by("valid_from")] == [
        "Phường 2",
        "Phường 2",
        "Phường An Xuyên",
    ]
    assert unit_on(e, date(2023, 5, 1)) == old
    assert unit_on(e, date(2025, 1, 5)).valid_from == date(2024, 12, 1)
    for i in e.inspections.filter(inspected_on__lt=date(2024, 12, 1)):
        assert i.unit == old
    assert establishments_rehome(on=date(2026, 1, 1)).moved == 0  # idempotent


def test_split_commune_lands_on_the_list_to_resolve():
    khanh_thuan = unit_at(code="32048", on=date(2023, 1, 1))
    e = Establishment.objects.create(name="Quán thử", name_normalised="quan thu", address="ấp 1", address_normalised="ap 1",
                                     business_type=BusinessType.objects.first(), unit=khanh_thuan, opened_on=date(2020, 1, 1))  # fmt: skip
    e.homes.create(unit=khanh_thuan, valid_from=date(2000, 1, 1))
    result = establishments_rehome(on=NOW)
    assert e in result.to_resolve


def test_inspection_with_members_present_and_attachment(client, inspector):
    from django.core.files.uploadedfile import SimpleUploadedFile

    e = establishment_create(actor=inspector, data=_input(name="Nhà nghỉ Có Biên Bản"))
    team = InspectionTeam.objects.get(level="province")
    members = list(team.members.all()[:2])
    client.force_login(inspector)
    at = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    bad = SimpleUploadedFile("bb.exe", b"MZ")
    r = client.post(f"/establishments/{e.pk}/inspections/new/", {"team": team.pk, "inspected_at": at, "record_number": "BB-F-1",
                    "reason": "planned", "result": "compliant", "members": [m.pk for m in members], "attachment": bad})  # fmt: skip
    assert "Chỉ nhận tệp PDF, ảnh JPG, ảnh PNG." in r.content.decode() and not e.inspections.exists()
    pdf = SimpleUploadedFile("bb.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    r = client.post(f"/establishments/{e.pk}/inspections/new/", {"team": team.pk, "inspected_at": at, "record_number": "BB-F-1",
                    "reason": "planned", "result": "compliant", "members": [m.pk for m in members], "attachment": pdf})  # fmt: skip
    assert r.status_code == 302
    i = e.inspections.get()
    assert set(i.members_present.all()) == set(members) and i.attachment.read() == b"%PDF-1.4 x"
    other = InspectionTeam.objects.filter(level="district").first().members.first()
    with pytest.raises(PcmdError, match="phải thuộc đội"):
        inspection_record(actor=inspector, establishment_id=e.pk, data=InspectionInput(
            team=team, inspected_at=timezone.now(), record_number="BB-F-2", members=[other]))  # fmt: skip
