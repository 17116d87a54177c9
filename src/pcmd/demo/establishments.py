"""Demo registry: Cà Mau-like establishments (about 2,000 at scale 1) across the 2021 communes, inspections
2021–today reaching 20–40% a year, violations in about a quarter of visits, sanctions with legal fines."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pcmd.accounts.models import Agency
from pcmd.core.dataversion import bump
from pcmd.establishments.models import (
    BusinessType,
    Establishment,
    EstablishmentHome,
    Inspection,
    InspectionTeam,
    Sanction,
    TeamMember,
    Violation,
    ViolationAct,
)
from pcmd.establishments.services import HOME_START, establishment_move_home, establishments_rehome
from pcmd.geography.models import AdminUnit
from pcmd.geography.selectors import successors, units_valid_on

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
REFORM = date(2025, 7, 1)
TYPE_MIX = {"nha-nghi": 40, "khach-san": 8, "karaoke": 15, "nha-hang": 10, "massage": 9, "ca-phe": 10,
            "cat-toc": 5, "vu-truong": 1, "khac": 2}  # fmt: skip
YEAR_RATE = {2021: 0.22, 2022: 0.26, 2023: 0.30, 2024: 0.34, 2025: 0.37, 2026: 0.28}
NAMES = {"nha-nghi": "Nhà nghỉ", "khach-san": "Khách sạn", "karaoke": "Karaoke", "nha-hang": "Nhà hàng",
         "massage": "Massage", "ca-phe": "Cà phê", "cat-toc": "Tóc", "vu-truong": "Bar", "khac": "Cơ sở"}  # fmt: skip
WORDS = ["Hoàng Gia", "Phương Nam", "Mũi Cà Mau", "Đất Mũi", "Hồng Nhung", "Thanh Thảo", "Minh Châu", "Bảo Ngọc",
         "Sông Đốc", "Năm Căn", "Hải Âu", "Phù Sa", "Trúc Xanh", "Tuấn Kiệt", "Kim Ngân", "Ánh Dương", "Hòa Bình",
         "Đầm Dơi", "U Minh", "Tân Thành", "Cửu Long", "Bông Sen", "Thiên Phú", "Gia Huy", "Ngọc Hân"]  # fmt: skip
STREETS = ["Lý Thường Kiệt", "Trần Hưng Đạo", "Nguyễn Tất Thành", "Phan Ngọc Hiển", "Ngô Quyền", "Hùng Vương",
           "Quốc lộ 1A", "Lê Lợi", "Nguyễn Trãi", "ấp 1", "ấp 2", "ấp Tân Hưng", "khóm 3", "khóm 5"]  # fmt: skip


def _rand_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _teams(rng: random.Random) -> dict[str, InspectionTeam]:
    """Province team; district teams until 30/06/2025; commune teams from 01/07/2025."""
    province = AdminUnit.objects.get(code="96", level="province")
    agencies = list(Agency.objects.filter(code__in=["so-yte", "so-ldtbxh", "cong-an-tinh", "so-vhttdl"]))
    teams: dict[str, InspectionTeam] = {}
    teams["96"] = InspectionTeam.objects.create(name="Đội kiểm tra liên ngành 178 tỉnh", level="province",
                                                unit=province, valid_from=date(2021, 1, 1))  # fmt: skip
    for d in units_valid_on(on=date(2023, 1, 1), level="district", province="96"):
        teams[d.code] = InspectionTeam.objects.create(name=f"Đội kiểm tra liên ngành {d.name}", level="district",
                                                      unit=d, valid_from=date(2021, 1, 1), valid_to=date(2025, 6, 30))  # fmt: skip
    for c in units_valid_on(on=REFORM, level="commune", province="96"):
        teams[f"c{c.pk}"] = InspectionTeam.objects.create(name=f"Tổ kiểm tra liên ngành {c.name}", level="commune",
                                                          unit=c, valid_from=REFORM)  # fmt: skip
    surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi"]
    given = ["Văn An", "Thị Bích", "Minh Tâm", "Quốc Huy", "Thị Lan", "Hoàng Phúc", "Thanh Tùng", "Ngọc Mai"]
    TeamMember.objects.bulk_create(
        TeamMember(team=t, full_name=f"{rng.choice(surnames)} {rng.choice(given)}", agency=a, position="Thành viên")
        for t in teams.values() for a in agencies[:3]
    )  # fmt: skip
    return teams


def seed_establishments(*, rng: random.Random, scale: int, today: date) -> dict[str, int]:
    types = {t.code: t for t in BusinessType.objects.all()}
    communes = list(units_valid_on(on=date(2023, 1, 1), level="commune", province="96"))
    weights = [3 if c.kind in ("phường", "thị trấn") else 1 for c in communes]
    n = 2000 * scale
    rows: list[Establishment] = []
    type_codes = list(TYPE_MIX)
    for i in range(n):
        unit = rng.choices(communes, weights)[0]
        code = rng.choices(type_codes, [TYPE_MIX[c] for c in type_codes])[0]
        opened = _rand_date(rng, date(2008, 1, 1), date(2020, 12, 31)) if rng.random() < 0.75 else _rand_date(
            rng, date(2021, 1, 1), today - timedelta(days=30))  # fmt: skip
        closed = _rand_date(rng, opened + timedelta(days=180), today) if rng.random() < 0.12 and opened + timedelta(days=180) < today else None  # fmt: skip
        total = rng.randint(2, 30 if code in ("karaoke", "nha-hang", "vu-truong") else 12)
        name = f"{NAMES[code]} {rng.choice(WORDS)} {i + 1}"
        address = f"Số {rng.randint(1, 400)}, {rng.choice(STREETS)}"
        rows.append(Establishment(
            name=name, name_normalised=name.lower(), business_type=types[code],
            registration_number="" if rng.random() < 0.2 else f"2{rng.randint(0, 999_999_999):09d}",
            owner_name=f"{rng.choice(['Nguyễn', 'Trần', 'Lê', 'Phạm'])} {rng.choice(['Văn', 'Thị'])} {rng.choice(WORDS).split()[0]}",
            address=address, address_normalised=address.lower(), unit=unit, total_workers=total,
            female_workers=round(total * rng.uniform(0.3, 0.9)), has_minor_workers=rng.random() < 0.01,
            commitment_signed_on=_rand_date(rng, max(opened, date(2021, 1, 1)), today) if rng.random() < 0.8 else None,
            status=Establishment.Status.CLOSED if closed else (Establishment.Status.SUSPENDED if rng.random() < 0.03 else Establishment.Status.OPERATING),
            opened_on=opened, closed_on=closed,
        ))  # fmt: skip
    from pcmd.core.text import normalise

    for e in rows:
        e.name_normalised, e.address_normalised = normalise(e.name), normalise(e.address)
    Establishment.objects.bulk_create(rows, batch_size=1000)
    created = list(Establishment.objects.order_by("pk").select_related("unit"))
    EstablishmentHome.objects.bulk_create(
        (EstablishmentHome(establishment=e, unit=e.unit, valid_from=HOME_START) for e in created),
        batch_size=2000,
    )
    # The unit changes: 01/12/2024 merge and 01/07/2025 reform; split communes resolved as an officer would.
    result = establishments_rehome(on=today)
    for e in result.to_resolve:
        options = successors(unit=e.unit, on=REFORM)
        establishment_move_home(establishment=e, unit=rng.choice(options)[0], on=REFORM)
    teams = _teams(rng)
    counts = _inspections(rng=rng, teams=teams, today=today)
    bump()
    return {"establishments": n, **counts}


def _inspections(*, rng: random.Random, teams: dict[str, InspectionTeam], today: date) -> dict[str, int]:
    homes: dict[int, list[tuple[date, date | None, AdminUnit]]] = {}
    for h in EstablishmentHome.objects.select_related("unit").order_by("valid_from"):
        homes.setdefault(h.establishment_id, []).append((h.valid_from, h.valid_to, h.unit))
    commune_team = {t.unit_id: t for key, t in teams.items() if key.startswith("c")}
    inspections: list[Inspection] = []
    seq = 0
    for e in Establishment.objects.order_by("pk"):
        for year, rate in YEAR_RATE.items():
            start, end = (
                max(date(year, 1, 1), e.opened_on),
                min(date(year, 12, 31), today - timedelta(days=1)),
            )
            if e.closed_on:
                end = min(end, e.closed_on - timedelta(days=1))
            if start > end or rng.random() >= rate:
                continue
            for _ in range(2 if rng.random() < 0.1 else 1):
                day = _rand_date(rng, start, end)
                unit = next(u for f, t, u in homes[e.pk] if f <= day and (t is None or day <= t))
                if rng.random() < 0.4:
                    team = teams["96"]
                elif day < REFORM:
                    team = teams[unit.path.split("/")[2]]
                else:
                    team = commune_team.get(unit.pk, teams["96"])
                seq += 1
                at = datetime.combine(day, time(rng.randint(8, 16), rng.choice([0, 15, 30, 45])), TZ)
                reason = rng.choices(list(Inspection.Reason.values), [75, 20, 5])[0]
                inspections.append(Inspection(
                    establishment=e, unit=unit, team=team, inspected_at=at, inspected_on=day, reason=reason,
                    documents_checked="Giấy phép kinh doanh; hợp đồng lao động; sổ đăng ký lưu trú",
                    findings="", result=Inspection.Result.COMPLIANT, record_number=f"BB-{year}-{seq:06d}",
                ))  # fmt: skip
    Inspection.objects.bulk_create(inspections, batch_size=2000)
    nv = _violations(rng=rng)
    ns = _sanctions(rng=rng, today=today)
    return {"inspections": len(inspections), "violations": nv, "sanctions": ns}


def _violations(*, rng: random.Random) -> int:
    acts = list(ViolationAct.objects.all())
    act_weights = [6 if a.code.startswith("mua-dam") else 3 if a.code == "ban-dam" else 1 for a in acts]
    violations: list[Violation] = []
    flagged: list[Inspection] = []
    for i in Inspection.objects.order_by("pk"):
        if rng.random() < 0.25:
            act = rng.choices(acts, act_weights)[0]
            violations.append(Violation(inspection=i, act=act, record_number=f"VP-{i.record_number[3:]}",
                                        description=act.name, buyers=1 if act.code.startswith("mua") else 0,
                                        sellers=1 if act.code == "ban-dam" else 0,
                                        owners=1 if act.code in ("chua-chap", "khac") else 0))  # fmt: skip
            i.result = Inspection.Result.VIOLATION
            i.findings = f"Phát hiện: {act.name.lower()}"
            flagged.append(i)
    Inspection.objects.bulk_update(flagged, ["result", "findings"], batch_size=2000)
    Violation.objects.bulk_create(violations, batch_size=2000)
    return len(violations)


def _sanctions(*, rng: random.Random, today: date) -> int:
    sanctions: list[Sanction] = []
    for n, v in enumerate(Violation.objects.select_related("act", "inspection").order_by("pk"), start=1):
        if rng.random() >= 0.85:
            continue
        decided = min(v.inspection.inspected_on + timedelta(days=rng.randint(0, 10)), today)
        if v.act.fine_min is not None and v.act.fine_max is not None:
            fine = rng.randrange(v.act.fine_min, v.act.fine_max + 1, 500_000)
        else:
            fine = rng.randrange(2_000_000, 20_000_001, 500_000)
        paid = rng.random() < 0.7
        paid_on = min(decided + timedelta(days=rng.randint(3, 30)), today) if paid else None
        status = (
            Sanction.Status.PAID
            if paid
            else rng.choice([Sanction.Status.ISSUED, Sanction.Status.APPEALED, Sanction.Status.ENFORCED])
        )
        sanctions.append(Sanction(violation=v, decision_number=f"{n}/QĐ-XPHC-{decided.year}", decided_on=decided,
                                  authority="Chủ tịch UBND" if rng.random() < 0.6 else "Trưởng Công an",
                                  fine_amount=fine, status=status, paid_on=paid_on))  # fmt: skip
    Sanction.objects.bulk_create(sanctions, batch_size=2000)
    return len(sanctions)
