"""Demo users: one per role, with known passwords (printed by `make run`, listed in README)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from pcmd.accounts.models import Agency, Membership, Role, User
from pcmd.geography.models import AdminUnit
from pcmd.geography.selectors import unit_at


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    agency: str
    unit: str
    unit_on: date


TODAY_STRUCTURE = date(2025, 7, 1)
OLD_STRUCTURE = date(2024, 6, 30)

DEMO_USERS = [
    DemoUser("thuongtruc", "Trần Thị Thu (Sở Y tế)", Role.LEAD_OFFICER, "so-yte", "96", TODAY_STRUCTURE),
    DemoUser("lanhdao", "Nguyễn Văn Lãnh (UBND tỉnh)", Role.LEADER, "ubnd-tinh", "96", TODAY_STRUCTURE),
    DemoUser(
        "kiemtra", "Lê Minh Kiên (Đội kiểm tra liên ngành)", Role.INSPECTOR, "so-yte", "96", TODAY_STRUCTURE
    ),
    DemoUser("congan", "Phạm Quốc An (Công an tỉnh)", Role.POLICE, "cong-an-tinh", "96", TODAY_STRUCTURE),
    DemoUser("vanhoa", "Võ Thị Hoa (Sở VHTTDL)", Role.DEPARTMENT_OFFICER, "so-vhttdl", "96", TODAY_STRUCTURE),
    DemoUser(
        "huyen",
        "Đặng Văn Huy (UBND huyện Đầm Dơi, đến 30/6/2025)",
        Role.LOCAL_OFFICER,
        "ubnd-970",
        "970",
        OLD_STRUCTURE,
    ),
    DemoUser("xa", "Huỳnh Thị Xuân (UBND xã)", Role.LOCAL_OFFICER, "ubnd-xa-demo", "", TODAY_STRUCTURE),
    DemoUser(
        "hotro",
        "Ngô Thị Hạnh (Trung tâm Công tác xã hội)",
        Role.SUPPORT_WORKER,
        "ttctxh",
        "96",
        TODAY_STRUCTURE,
    ),
    DemoUser("quantri", "Quản trị hệ thống", Role.ADMINISTRATOR, "so-yte", "96", TODAY_STRUCTURE),
    DemoUser("giamsat", "Kiểm tra, giám sát", Role.AUDITOR, "ubnd-tinh", "96", TODAY_STRUCTURE),
]


def demo_commune() -> AdminUnit:
    """The commune of the demo commune officer: the first commune of today's structure, by code."""
    return AdminUnit.objects.filter(level="commune", valid_from=TODAY_STRUCTURE).order_by("code").first()  # type: ignore[return-value]


def _agency(code: str, unit: AdminUnit) -> Agency:
    names = {"ubnd-970": "Ủy ban nhân dân huyện Đầm Dơi", "ttctxh": "Trung tâm Công tác xã hội tỉnh",
             "ubnd-xa-demo": f"Ủy ban nhân dân {unit.name}"}  # fmt: skip
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        agency = Agency.objects.create(
            code=code, name=names.get(code, code), short_name=names.get(code, code), unit=unit
        )
    return agency


def seed_users() -> list[DemoUser]:
    password = settings.PCMD_DEMO_PASSWORD
    commune = demo_commune()
    for spec in DEMO_USERS:
        unit = commune if spec.unit == "" else unit_at(code=spec.unit, on=spec.unit_on)
        agency = _agency(spec.agency, unit)
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={"full_name": spec.full_name, "email": f"{spec.username}@pcmd.example.vn"},
        )
        if created:
            user.set_password(password)
            if spec.role == Role.ADMINISTRATOR:
                user.is_staff = user.is_superuser = True
            user.save()
        Membership.objects.get_or_create(user=user, agency=agency, unit=unit, role=spec.role)
    return DEMO_USERS
