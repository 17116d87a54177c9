"""Demo communication activities (most communes every quarter, some missing quarters) and press items."""

from __future__ import annotations

import random
from datetime import date, timedelta

from pcmd.core.dataversion import bump
from pcmd.core.period import Period
from pcmd.geography.selectors import units_valid_on
from pcmd.outreach.models import ActivityForm, CommunicationActivity, PressItem

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
    for p in Period.parse(f"2021..{today.year}").months():
        if p.start > today or rng.random() < 0.08:
            continue
        for _ in range(rng.randint(1, 3)):
            press.append(PressItem(outlet=rng.choice(list(PressItem.Outlet.values)), title="Tin phòng, chống mại dâm",
                                   published_on=_day(rng, p.start, min(p.end, today - timedelta(days=1)))))  # fmt: skip
    PressItem.objects.bulk_create(press, batch_size=2000)
    bump()
    return {"activities": len(rows), "press_items": len(press)}
