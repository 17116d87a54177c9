"""Demo progress on the plan: local tasks for a few communes, some progress on provincial tasks."""

from __future__ import annotations

import random
from datetime import date

from pcmd.accounts.models import Agency
from pcmd.geography.models import AdminUnit
from pcmd.plans.models import Plan, Task

LOCAL_TASKS = [
    "Xây dựng kế hoạch phòng, chống mại dâm năm {year} của {unit}.",
    "Tổ chức cho chủ cơ sở kinh doanh dịch vụ trên địa bàn ký cam kết không để xảy ra tệ nạn mại dâm năm {year}.",
]


def seed_plan_progress(*, rng: random.Random, communes: list[AdminUnit], year: int = 2026) -> int:
    plan = Plan.objects.order_by("-issued_on").first()
    if plan is None:
        return 0
    lead = Agency.objects.filter(code="so-yte").first()
    created = 0
    for task in Task.objects.filter(plan=plan, unit=plan.province):
        choice = rng.random()
        task.lead_agency = lead
        task.status = (
            Task.Status.DONE if choice < 0.3 else Task.Status.IN_PROGRESS if choice < 0.8 else task.status
        )
        if task.status != Task.Status.NOT_STARTED:
            task.progress_note = "Đã triển khai theo kế hoạch năm; số liệu chi tiết theo báo cáo định kỳ."
        task.save()
    for unit in communes:
        for number, text in enumerate(LOCAL_TASKS, start=1):
            _, was_created = Task.objects.get_or_create(
                plan=plan, section="ĐP", number=number, unit=unit,
                defaults={"text": text.format(year=year, unit=unit.name), "section_title": "Nhiệm vụ của địa phương",
                          "due": date(year, 3 * number, 28), "status": rng.choice(list(Task.Status.values))},
            )  # fmt: skip
            created += was_created
    return created
