"""Demo support cases: four providers, the demo support worker (also a supervisor) and a few hundred
pseudonymous clients with consents, assessments, services, referrals and follow-ups."""

from __future__ import annotations

import random
from datetime import date, timedelta

from pcmd.accounts.models import User
from pcmd.core.dataversion import bump
from pcmd.demo.units import CommunePicker
from pcmd.geography.selectors import unit_at
from pcmd.support.models import (
    Assessment,
    Client,
    Consent,
    FollowUp,
    Need,
    Provider,
    Referral,
    Service,
    Staff,
)
from pcmd.support.services import CODE_ALPHABET

PROVIDERS = [("Trung tâm Công tác xã hội tỉnh Cà Mau", "social_work"), ("Trung tâm Kiểm soát bệnh tật tỉnh", "health"),
             ("Trung tâm Trợ giúp pháp lý nhà nước tỉnh", "legal_aid"), ("Nhóm đồng đẳng Vòng Tay Ấm", "peer")]  # fmt: skip
NAMES = ["Lê Thị Hồng", "Trần Thị Kim", "Nguyễn Thị Thu", "Phạm Thị Ngọc"]


def _clients(*, rng: random.Random, scale: int, today: date, providers: list[Provider]) -> list[Client]:
    communes = CommunePicker()
    span = (today - date(2021, 1, 1)).days
    used: set[str] = set()
    clients: list[Client] = []
    for _ in range(300 * scale):
        first = date(2021, 1, 1) + timedelta(days=rng.randint(0, span - 1))
        code = ""
        while not code or code in used:
            code = "HT-" + "".join(rng.choice(CODE_ALPHABET) for _ in range(6))
        used.add(code)
        closed = first + timedelta(days=rng.randint(180, 900)) if rng.random() < 0.3 else None
        clients.append(Client(
            code=code, provider=rng.choices(providers, [6, 2, 1, 2])[0], sex=rng.choices(["female", "male", "other"], [90, 4, 6])[0],
            age_group=rng.choice(["18-24", "25-34", "25-34", "35-49", "50+"]), first_contact_on=first,
            closed_on=closed if closed and closed < today else None,
            unit=communes.pick(rng, first) if rng.random() < 0.9 else None,
        ))  # fmt: skip
    return clients


def seed_support(*, rng: random.Random, scale: int, today: date) -> dict[str, int]:
    province = unit_at(code="96", on=date(2025, 7, 1))
    providers = [
        Provider.objects.get_or_create(name=n, defaults={"kind": k, "unit": province})[0]
        for n, k in PROVIDERS
    ]
    worker = User.objects.filter(username="hotro").first()
    if worker:
        Staff.objects.get_or_create(provider=providers[0], user=worker, valid_from=date(2021, 1, 1),
                                    defaults={"supervisor": True})  # fmt: skip
    recorder = worker or User.objects.filter(is_superuser=True).first() or User.objects.first()
    clients = _clients(rng=rng, scale=scale, today=today, providers=providers)
    Client.objects.bulk_create(clients, batch_size=1000)
    consents, assessments, services, referrals, followups = [], [], [], [], []
    for c in clients:
        end = c.closed_on or today - timedelta(days=1)
        if rng.random() < 0.95:
            consents.append(
                Consent(client=c, purpose="services", given_on=c.first_contact_on, recorded_by=recorder)
            )
        refer = rng.random() < 0.4
        if refer:
            consents.append(
                Consent(client=c, purpose="referral", given_on=c.first_contact_on, recorded_by=recorder)
            )
        needs = rng.sample(Need.values, k=rng.randint(1, 3)) if rng.random() < 0.85 else []
        assessments.append(Assessment(client=c, assessed_on=c.first_contact_on, needs=needs,
                                      eligible=bool(needs) and rng.random() < 0.85, assessed_by=recorder))  # fmt: skip
        if not needs or not any(x.client is c and x.purpose == "services" for x in consents[-2:]):
            continue
        d = c.first_contact_on
        while d <= end:
            if rng.random() < 0.7:
                services.append(Service(client=c, type=rng.choice(needs), provider=c.provider, recorded_by=recorder,
                                        delivered_on=min(end, d + timedelta(days=rng.randint(0, 200))), outcome="Đã hỗ trợ"))  # fmt: skip
            d += timedelta(days=rng.randint(120, 300))
        if refer and len(providers) > 1:
            other = rng.choice([p for p in providers if p.pk != c.provider_id])
            status = rng.choice(["sent", "accepted", "completed", "completed", "refused"])
            on = c.first_contact_on + timedelta(days=rng.randint(1, 30))
            if on < today:
                referrals.append(Referral(client=c, to_provider=other, need=rng.choice(needs), referred_on=on, status=status,
                                          completed_on=on + timedelta(days=10) if status == "completed" else None))  # fmt: skip
        if c.closed_on is None and rng.random() < 0.3:
            due = today + timedelta(days=rng.randint(-20, 40))
            followups.append(FollowUp(client=c, due_on=due, note="Gọi lại theo lịch"))
    Consent.objects.bulk_create(consents, batch_size=2000)
    Assessment.objects.bulk_create(assessments, batch_size=2000)
    Service.objects.bulk_create(services, batch_size=2000)
    Referral.objects.bulk_create(referrals, batch_size=2000)
    FollowUp.objects.bulk_create(followups, batch_size=2000)
    bump()
    return {"clients": len(clients), "services": len(services), "referrals": len(referrals)}
