"""Reach, denominators, local plans, pilot models and training: what the services refuse, and why."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from pcmd.accounts.models import Role
from pcmd.core.errors import Conflict, Forbidden, PcmdError
from pcmd.establishments.models import Establishment
from pcmd.establishments.services import reach_record
from pcmd.geography.selectors import unit_at
from pcmd.outreach import services as svc
from pcmd.outreach.models import Course, IndustrialZone, LocalPlan, Official, PilotModelKind, Program, School
from tests.factories import member

pytestmark = pytest.mark.django_db
NOW = date(2025, 7, 1)


@pytest.fixture
def lead():
    return member(Role.LEAD_OFFICER, "96", on=NOW)


def test_reach_above_the_establishments_workers_is_refused_and_nothing_written(lead):
    e = Establishment.objects.filter(closed_on__isnull=True, total_workers__gt=2).first()
    e.reach.all().delete()
    with pytest.raises(PcmdError, match=rf"lớn hơn số lao động của cơ sở \({e.total_workers}\)") as exc:
        reach_record(actor=lead, establishment_id=e.pk, year=2024, workers_reached=e.total_workers + 1)
    assert exc.value.field == "workers_reached" and not e.reach.exists()
    row = reach_record(actor=lead, establishment_id=e.pk, year=2024, workers_reached=e.total_workers)
    with pytest.raises(PcmdError, match="đã có số liệu năm 2024"):
        reach_record(actor=lead, establishment_id=e.pk, year=2024, workers_reached=1)
    with pytest.raises(Conflict):
        reach_record(
            actor=lead, establishment_id=e.pk, year=2024, workers_reached=1, expected_version=row.version + 5
        )
    reach_record(
        actor=lead, establishment_id=e.pk, year=2024, workers_reached=1, expected_version=row.version
    )
    assert e.reach.get(year=2024).history.count() == 2


def test_zone_and_school_figures_never_exceed_their_denominator(lead):
    zone = IndustrialZone.objects.first()
    with pytest.raises(PcmdError, match=r"lớn hơn số người lao động của khu \(1\.000\)") as exc:
        svc.zone_year_record(
            actor=lead, zone=zone, year=2020, workers=1000, workers_reached=1001, source="BQL"
        )
    assert exc.value.field == "workers_reached"
    with pytest.raises(PcmdError, match="nguồn số liệu"):
        svc.zone_year_record(actor=lead, zone=zone, year=2020, workers=1000, workers_reached=10, source=" ")
    with pytest.raises(PcmdError, match="Năm 2099 không hợp lệ"):
        svc.zone_year_record(actor=lead, zone=zone, year=2099, workers=1000, workers_reached=10, source="BQL")
    school = School.objects.first()
    with pytest.raises(PcmdError, match="lớn hơn số học sinh, sinh viên"):
        svc.school_year_record(
            actor=lead, school=school, year=2020, enrolled=50, students_reached=51, source="Sở"
        )
    assert not zone.years.filter(year=2020).exists() and not school.years.filter(year=2020).exists()


def test_a_commune_officer_writes_only_for_their_commune():
    officer = member(Role.LOCAL_OFFICER, "32002", on=NOW)
    other = School.objects.exclude(unit__code="32002").first()
    with pytest.raises(Forbidden):
        svc.school_year_record(
            actor=officer, school=other, year=2020, enrolled=50, students_reached=5, source="x"
        )


def test_local_plan_unit_must_exist_in_the_year_and_be_a_district_or_commune(lead):
    district = unit_at(code="964", on=date(2024, 1, 1))
    data = svc.LocalPlanInput(
        unit=district, year=2026, document_number="12/KH-UBND", issued_on=date(2026, 1, 5)
    )
    with pytest.raises(PcmdError, match="không có hiệu lực trong năm 2026"):
        svc.local_plan_record(actor=lead, data=data)
    province = unit_at(code="96", on=NOW)
    with pytest.raises(PcmdError, match="Đơn vị phải là cấp huyện hoặc xã, phường"):
        svc.local_plan_record(actor=lead, data=svc.LocalPlanInput(unit=province, year=2024, document_number="1",
                                                                   issued_on=date(2024, 1, 5)))  # fmt: skip
    LocalPlan.objects.filter(unit=district, year=2022).delete()
    ok = svc.local_plan_record(actor=lead, data=svc.LocalPlanInput(
        unit=district, year=2022, document_number="12/KH-UBND", issued_on=date(2022, 1, 5), activities_organised=True,
        integrated_with=list(Program.objects.filter(code__in=["hiv", "ma-tuy"]))))  # fmt: skip
    assert set(ok.integrated_with.values_list("code", flat=True)) == {"hiv", "ma-tuy"}
    with pytest.raises(PcmdError, match="ban hành sau năm đó"):
        svc.local_plan_record(actor=lead, data=svc.LocalPlanInput(unit=district, year=2021, document_number="1",
                                                                   issued_on=date(2022, 1, 5)))  # fmt: skip


def test_pilot_model_dates(lead):
    commune = unit_at(code="32002", on=NOW)
    kind = PilotModelKind.objects.first()
    with pytest.raises(PcmdError, match="Ngày bắt đầu không được ở tương lai"):
        svc.pilot_model_record(actor=lead, data=svc.PilotModelInput(
            kind=kind, name="x", unit=commune, started_on=timezone.localdate() + timedelta(days=3)))  # fmt: skip
    with pytest.raises(PcmdError, match="cần có ngày kết thúc"):
        svc.pilot_model_record(actor=lead, data=svc.PilotModelInput(
            kind=kind, name="x", unit=commune, started_on=date(2025, 8, 1), status="ended"))  # fmt: skip
    old = unit_at(code="31999", on=date(2024, 1, 1))  # Phường 9, until 30/06/2025
    with pytest.raises(PcmdError, match="không có hiệu lực vào ngày 01/08/2025"):
        svc.pilot_model_record(actor=lead, data=svc.PilotModelInput(
            kind=kind, name="x", unit=old, started_on=date(2025, 8, 1)))  # fmt: skip


def test_participants_must_be_on_the_roster_during_the_course(lead):
    course = Course.objects.filter(starts_on__year=2023).first()
    gone = Official.objects.filter(active_to__lt=course.starts_on).first() or Official.objects.create(
        full_name="Cán bộ đã nghỉ", unit=course.unit, active_from=date(2021, 1, 1), active_to=date(2022, 1, 1)
    )
    with pytest.raises(PcmdError, match="không làm công tác phòng, chống mại dâm trong thời gian của lớp"):
        svc.participants_add(actor=lead, course=course, officials=[gone])
    taken = course.participations.first().official
    fresh = Official.objects.create(full_name="Cán bộ mới", unit=course.unit, active_from=date(2021, 1, 1))
    with pytest.raises(PcmdError, match="đã có trong danh sách học viên"):
        svc.participants_add(actor=lead, course=course, officials=[fresh, taken])
    assert not course.participations.filter(official=fresh).exists()  # the whole list is refused
    svc.participants_add(actor=lead, course=course, officials=[fresh])
    assert course.participations.filter(official=fresh).exists()


def test_moving_an_official_keeps_one_person_with_two_rows(lead):
    o = Official.objects.filter(unit__level="commune", active_to__isnull=True).first()
    target = unit_at(code="32002", on=NOW)
    new = svc.official_move(
        actor=lead, official=o, unit=target, on=timezone.localdate(), expected_version=o.version
    )
    o.refresh_from_db()
    assert o.active_to == timezone.localdate() - timedelta(days=1)
    assert new.previous_id == o.pk and new.unit == target and new.active_to is None
    with pytest.raises(PcmdError, match="đã thôi làm công tác trước ngày chuyển"):
        svc.official_move(
            actor=lead, official=o, unit=target, on=timezone.localdate(), expected_version=o.version
        )
    other = Official.objects.filter(unit__level="commune", active_to__isnull=True).exclude(pk=new.pk).first()
    rows = Official.objects.count()
    with pytest.raises(Conflict):  # someone edited the official after this user opened the page
        svc.official_move(
            actor=lead,
            official=other,
            unit=target,
            on=timezone.localdate(),
            expected_version=other.version + 1,
        )
    other.refresh_from_db()
    assert other.active_to is None and Official.objects.count() == rows
