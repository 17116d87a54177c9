"""Demo communication activities (most communes every quarter, some missing quarters) and press items."""

from __future__ import annotations

import random
from datetime import date, timedelta

from simple_history.utils import bulk_create_with_history

from pcmd.accounts.models import Agency
from pcmd.core.dataversion import bump
from pcmd.core.period import Period
from pcmd.establishments.models import Establishment, EstablishmentHome, WorkerReach
from pcmd.geography.models import AdminUnit
from pcmd.geography.selectors import lineage_map, units_valid_on
from pcmd.outreach.models import (
    ActivityForm,
    CommunicationActivity,
    Course,
    IndustrialZone,
    LocalPlan,
    Official,
    Outlet,
    Participation,
    PilotModel,
    PilotModelKind,
    PressItem,
    Program,
    School,
    SchoolYear,
    ZoneYear,
)

TITLES = ["Tuyên truyền phòng, chống mại dâm tại cộng đồng", "Nói chuyện chuyên đề về tác hại của tệ nạn mại dâm",
          "Phổ biến Pháp lệnh phòng, chống mại dâm", "Tuyên truyền cho người lao động tại cơ sở kinh doanh",
          "Sinh hoạt câu lạc bộ thanh niên về phòng, chống tệ nạn xã hội"]  # fmt: skip


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def seed_outreach(*, rng: random.Random, scale: int, today: date) -> dict[str, int]:
    forms = list(ActivityForm.objects.all())
    groups = list(CommunicationActivity.TargetGroup.values)
    weak: dict[int, bool] = {}
    rows: list[CommunicationActivity] = []
    for year in range(2021, today.year + 1):
        for q in Period.year(year).quarters():
            if q.start > today:
                break
            for unit in units_valid_on(on=min(q.end, today), level="commune", province="96"):
                weak.setdefault(unit.pk, rng.random() < 0.15)
                if rng.random() > (0.55 if weak[unit.pk] else 0.93):
                    continue
                start, end = (
                    max(q.start, unit.valid_from),
                    min(q.end, today - timedelta(days=1), unit.valid_to or q.end),
                )
                if start > end:
                    continue
                for _ in range(rng.randint(1, 2 * scale + 1)):
                    male = rng.randint(10, 80)
                    rows.append(CommunicationActivity(
                        held_on=_day(rng, start, end), unit=unit, form=rng.choice(forms), target_group=rng.choice(groups),
                        title=rng.choice(TITLES), participants_male=male, participants_female=rng.randint(10, 90),
                        materials=rng.randint(0, 200)))  # fmt: skip
    CommunicationActivity.objects.bulk_create(rows, batch_size=2000)
    press: list[PressItem] = []
    agencies = list(Outlet.objects.filter(press_agency=True))
    elsewhere = list(Outlet.objects.filter(press_agency=False))
    # T02 both ways: in even years a provincial press agency publishes every month (achieved); in odd years a
    # few months have items on the portal or elsewhere only, which do not count (not achieved).
    gaps = {y: set(rng.sample(range(1, 13), rng.randint(1, 3))) for y in range(2021, today.year + 1) if y % 2}
    for p in Period.parse(f"2021..{today.year}").months():
        if p.start > today:
            continue
        last = min(p.end, today - timedelta(days=1))
        first = rng.choice(elsewhere if p.start.month in gaps.get(p.start.year, ()) else agencies)
        press.append(
            PressItem(outlet=first, title="Tin phòng, chống mại dâm", published_on=_day(rng, p.start, last))
        )
        for _ in range(rng.randint(0, 2)):
            extra = rng.choice(elsewhere if first in elsewhere else agencies + elsewhere)
            press.append(PressItem(outlet=extra, title="Tin phòng, chống mại dâm",
                                   published_on=_day(rng, p.start, last)))  # fmt: skip
    PressItem.objects.bulk_create(press, batch_size=2000)
    bump()
    return {"activities": len(rows), "press_items": len(press)}


# --- Reach, denominators, local plans, pilot models and training (T03–T07, T12, T14) ---

REFORM = date(2025, 7, 1)
ZONES = ["Khu công nghiệp Khánh An", "Khu công nghiệp Hòa Trung", "Khu công nghiệp Sông Đốc"]
COLLEGES = [("Trường Cao đẳng Y tế Cà Mau", "vocational"), ("Trường Cao đẳng Cộng đồng Cà Mau", "vocational"),
            ("Trường Cao đẳng Nghề Việt Nam - Hàn Quốc Cà Mau", "vocational"),
            ("Phân hiệu Trường Đại học Bình Dương tại Cà Mau", "university")]  # fmt: skip
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Dương", "Lâm", "Tô", "Quách"]
GIVEN = ["Văn An", "Thị Bích", "Minh Châu", "Hoàng Dũng", "Thị Hạnh", "Quốc Huy", "Thanh Lan", "Ngọc Mai",
         "Văn Nam", "Thị Phương", "Hữu Tài", "Kim Thoa", "Thị Tuyết", "Văn Út", "Thanh Vân"]  # fmt: skip


def _years(today: date) -> range:
    return range(2021, today.year + 1)


def seed_outreach_registries(*, rng: random.Random, scale: int, today: date) -> dict[str, int]:
    """Run after the establishments (T03 reaches their workers)."""
    units = {
        "communes_2021": list(
            units_valid_on(on=date(2021, 1, 1), level="commune", province="96").order_by("code")
        ),
        "communes_now": list(units_valid_on(on=REFORM, level="commune", province="96").order_by("code")),
        "districts": list(
            units_valid_on(on=date(2021, 1, 1), level="district", province="96").order_by("code")
        ),
    }
    province = units_valid_on(on=today, level="province").get(code="96")
    counts = {
        "reach": _reach(rng, today),
        "activity_establishments": _activity_establishments(rng),
        "school_years": _zones_and_schools(rng, scale, today, units["communes_2021"]),
        "local_plans": _local_plans(rng, today, units),
        "pilot_models": _pilot_models(rng, today, units),
        **_training(rng, today, units, province),
    }
    bump()
    return counts


def _activity_establishments(rng: random.Random) -> int:
    """Activities for workers at establishments name one to three establishments of their commune."""
    homes: dict[int, list[int]] = {}
    for unit_id, est_id in EstablishmentHome.objects.values_list("unit_id", "establishment_id"):
        homes.setdefault(unit_id, []).append(est_id)
    through = CommunicationActivity.establishments.through
    rows = []
    for a_id, unit_id in CommunicationActivity.objects.filter(
        target_group="establishment_workers"
    ).values_list("pk", "unit_id"):
        here = homes.get(unit_id, [])
        for e_id in rng.sample(here, k=min(len(here), rng.randint(1, 3))):
            rows.append(through(communicationactivity_id=a_id, establishment_id=e_id))
    through.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _reach(rng: random.Random, today: date) -> int:
    """T03: each year most active establishments report how many of their workers were informed."""
    reach = []
    for e in Establishment.objects.only("pk", "opened_on", "closed_on", "total_workers"):
        for y in _years(today):
            end = min(date(y, 12, 31), today)
            if e.opened_on > end or (e.closed_on and e.closed_on.year < y) or rng.random() > 0.8:
                continue
            share = rng.uniform(0.35, 1.0)
            reach.append(WorkerReach(establishment=e, year=y, workers_reached=round(e.total_workers * share)))
    bulk_create_with_history(reach, WorkerReach, batch_size=2000)
    return len(reach)


def _zones_and_schools(rng: random.Random, scale: int, today: date, communes: list[AdminUnit]) -> int:
    """T04, T05: zones and schools with yearly counts, each with its source."""
    zones = [IndustrialZone.objects.create(name=n, unit=rng.choice(communes)) for n in ZONES]
    schools = [School.objects.create(name=f"Trường THPT {u.name.split(' ', 1)[-1]}", kind="upper_secondary", unit=u)
               for u in rng.sample(communes, k=min(len(communes), 30 * scale))]  # fmt: skip
    schools += [School.objects.create(name=n, kind=k, unit=communes[0]) for n, k in COLLEGES]
    # Activities for zone workers or students name where they were held.
    linked = []
    for a in CommunicationActivity.objects.filter(target_group__in=["industrial_workers", "students"]).only(
        "pk", "target_group"
    ):
        if a.target_group == "industrial_workers":
            a.zone = rng.choice(zones)
        else:
            a.school = rng.choice(schools)
        linked.append(a)
    CommunicationActivity.objects.bulk_update(linked, ["zone", "school"], batch_size=1000)
    yearly_z, yearly_s = [], []
    for y in _years(today):
        for z in zones:
            workers = rng.randint(1200, 4500)
            yearly_z.append(ZoneYear(zone=z, year=y, workers=workers, workers_reached=round(workers * rng.uniform(0.4, 0.85)),
                                     source=f"Báo cáo của Ban Quản lý Khu kinh tế năm {y}"))  # fmt: skip
        for s in schools:
            enrolled = rng.randint(500, 1800)
            yearly_s.append(SchoolYear(school=s, year=y, enrolled=enrolled, students_reached=round(enrolled * rng.uniform(0.5, 0.98)),
                                       source=f"Số liệu của Sở Giáo dục và Đào tạo năm học {y - 1}-{y}"))  # fmt: skip
    bulk_create_with_history(yearly_z, ZoneYear)
    bulk_create_with_history(yearly_s, SchoolYear)
    return len(yearly_s)


def _local_plans(rng: random.Random, today: date, units: dict[str, list[AdminUnit]]) -> int:
    """T06, T07: district plans until the reform, commune plans from 2025; a few commune plans before it too
    (they do not count while the target is set for districts)."""
    programs = list(Program.objects.all())
    plans: list[tuple[LocalPlan, list[Program]]] = []
    for y in _years(today):
        if y < 2025:
            places = units["districts"] + rng.sample(units["communes_2021"], k=10)
        else:
            places = (units["districts"] if y == 2025 else []) + units["communes_now"]
        for u in places:
            if rng.random() > (0.9 if u.level == "district" else 0.8):
                continue
            issued = date(y, 1, 1) + timedelta(days=rng.randint(5, 80))
            if u.valid_from >= REFORM:
                issued = max(issued, u.valid_from + timedelta(days=rng.randint(5, 40)))
            if issued >= today:
                continue
            plan = LocalPlan(unit=u, year=y, document_number=f"{rng.randint(10, 250)}/KH-UBND", issued_on=issued,
                             activities_organised=rng.random() < 0.9)  # fmt: skip
            plans.append((plan, rng.sample(programs, k=rng.choice([0, 0, 1, 2, 3]))))
    bulk_create_with_history([p for p, _ in plans], LocalPlan)
    through = LocalPlan.integrated_with.through
    through.objects.bulk_create(
        [through(localplan_id=p.pk, program_id=pr.pk) for p, progs in plans for pr in progs]
    )
    return len(plans)


def _pilot_models(rng: random.Random, today: date, units: dict[str, list[AdminUnit]]) -> int:
    """T12: a district model from 2022, another from 2023; communes take over after the reform."""
    kinds = list(PilotModelKind.objects.exclude(code="khac"))
    d = units["districts"]
    models = [PilotModel(kind=kinds[0], name="Mô hình hỗ trợ người bán dâm tại cộng đồng", unit=d[0],
                         started_on=date(2022, 3, 15), ended_on=date(2025, 6, 30), status="ended", participants=45),
              PilotModel(kind=kinds[2], name="Nhóm đồng đẳng phòng, chống bạo lực giới", unit=d[-1],
                         started_on=date(2023, 5, 10), ended_on=date(2025, 6, 30), status="ended", participants=30)]  # fmt: skip
    if today >= REFORM + timedelta(days=60):
        for u in rng.sample(units["communes_now"], k=min(8, len(units["communes_now"]))):
            models.append(PilotModel(kind=rng.choice(kinds), name=f"Mô hình thí điểm tại {u.name}", unit=u,
                                     started_on=REFORM + timedelta(days=rng.randint(10, 50)), participants=rng.randint(15, 60)))  # fmt: skip
    bulk_create_with_history(models, PilotModel)
    return len(models)


def _training(
    rng: random.Random, today: date, units: dict[str, list[AdminUnit]], province: AdminUnit
) -> dict[str, int]:
    """T14: the roster (province, districts and communes until the reform; communes after it, continuing the
    officials of the merged communes), four courses a year, participants from the roster."""
    agencies: list[Agency | None] = [*Agency.objects.filter(unit__code="96")] or [None]
    name = lambda: f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"  # noqa: E731
    level = {u.pk: u.level for group in units.values() for u in group} | {province.pk: "province"}
    start, before = date(2021, 1, 1), REFORM - timedelta(days=1)
    officials = [Official(full_name=name(), unit=province, agency=rng.choice(agencies), position="Chuyên viên",
                          active_from=start) for _ in range(24)]  # fmt: skip
    officials += [Official(full_name=name(), unit=d, position="Chuyên viên Phòng Văn hóa - Xã hội", active_from=start,
                           active_to=before) for d in units["districts"] for _ in range(3)]  # fmt: skip
    officials += [Official(full_name=name(), unit=c, position="Công chức Văn hóa - Xã hội", active_from=start,
                           active_to=before) for c in units["communes_2021"] for _ in range(2)]  # fmt: skip
    bulk_create_with_history(officials, Official)
    if today >= REFORM:
        mapping = lineage_map(on=REFORM)
        moved = [Official(full_name=o.full_name, unit_id=mapping[o.unit_id], position=o.position, active_from=REFORM,
                          previous=o) for o in officials if level[o.unit_id] == "commune" and rng.random() < 0.6]  # fmt: skip
        extra = [Official(full_name=name(), unit=c, position="Công chức Văn hóa - Xã hội", active_from=REFORM)
                 for c in units["communes_now"]]  # fmt: skip
        bulk_create_with_history(moved + extra, Official)
        officials += moved + extra
    lead = {a.code: a for a in Agency.objects.filter(code__in=["so-ldtbxh", "so-yte"])}
    courses, seats = [], []
    for y in _years(today):
        for i, lv in enumerate(["province", "district", "district", "commune"]):
            begin = date(y, 3 + 2 * i, rng.randint(1, 25))
            if begin + timedelta(days=2) >= today:
                continue
            courses.append(Course(title=f"Tập huấn nghiệp vụ phòng, chống mại dâm năm {y} (đợt {i + 1})", starts_on=begin,
                                  ends_on=begin + timedelta(days=rng.randint(0, 2)), level=lv, unit=province,
                                  organiser=lead.get("so-ldtbxh" if begin < date(2025, 3, 1) else "so-yte"),
                                  topics="Pháp lệnh phòng, chống mại dâm; kỹ năng truyền thông; hỗ trợ người bán dâm"))  # fmt: skip
    bulk_create_with_history(courses, Course)
    for c in courses:
        pool = [o for o in officials if o.is_active_between(c.starts_on, c.ends_on)
                and (level[o.unit_id] == "province") == (c.level == "province")]  # fmt: skip
        k = rng.randint(5, 9) if c.level == "province" else rng.randint(25, 45)
        seats += [Participation(course=c, official=o) for o in rng.sample(pool, k=min(len(pool), k))]
    Participation.objects.bulk_create(seats, batch_size=2000)
    return {"officials": len(officials), "courses": len(courses), "participants": len(seats)}
