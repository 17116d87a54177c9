import random
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from pcmd.demo.accounts import DEMO_USERS, TODAY_STRUCTURE, demo_commune
from pcmd.demo.plans import seed_plan_progress
from pcmd.establishments.models import Establishment
from pcmd.geography.models import AdminUnit


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (người dùng cho mỗi vai trò, tiến độ nhiệm vụ). Cùng --seed cho cùng kết quả."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None, help="ngày «hôm nay» của dữ liệu mẫu"
        )

    @transaction.atomic
    def handle(self, *args, scale: int, seed: int, today: date | None = None, **options):
        if scale < 1:
            raise CommandError("--scale phải là số nguyên dương.")
        if not AdminUnit.objects.exists():
            raise CommandError("Chưa nạp đơn vị hành chính: chạy «pcmd load_units» trước.")
        rng = random.Random(seed)
        from pcmd.demo.accounts import seed_users

        seed_users()
        first = demo_commune()
        others = list(
            AdminUnit.objects.filter(level="commune", valid_from=TODAY_STRUCTURE).exclude(pk=first.pk)
        )
        communes = [first, *rng.sample(others, k=min(len(others), 2 * scale))]
        seed_plan_progress(rng=rng, communes=communes)
        self.stdout.write(
            f"Dữ liệu mẫu: {len(DEMO_USERS)} người dùng, nhiệm vụ địa phương cho {len(communes)} xã."
        )
        from pcmd.demo.establishments import seed_establishments
        from pcmd.demo.outreach import seed_outreach
        from pcmd.outreach.models import CommunicationActivity

        if not CommunicationActivity.objects.exists():
            o = seed_outreach(rng=rng, scale=scale, today=today or timezone.localdate())
            self.stdout.write(f"Tuyên truyền: {o['activities']} hoạt động, {o['press_items']} tin, bài.")
        if not Establishment.objects.exists():
            counts = seed_establishments(rng=rng, scale=scale, today=today or timezone.localdate())
            self.stdout.write(
                f"Cơ sở kinh doanh: {counts['establishments']}, lượt kiểm tra: {counts['inspections']}, "
                f"vi phạm: {counts['violations']}, quyết định xử phạt: {counts['sanctions']}."
            )
        from pcmd.demo.outreach import seed_outreach_registries
        from pcmd.outreach.models import Official

        if not Official.objects.exists():
            r = seed_outreach_registries(rng=rng, scale=scale, today=today or timezone.localdate())
            self.stdout.write(
                f"Tuyên truyền tại cơ sở: {r['reach']} bản ghi năm; kế hoạch địa phương: {r['local_plans']}; "
                f"mô hình thí điểm: {r['pilot_models']}; cán bộ: {r['officials']}, lớp tập huấn: {r['courses']}, "
                f"lượt học viên: {r['participants']}."
            )
        from pcmd.demo.tips import seed_tips
        from pcmd.tips.models import Tip

        if not Tip.objects.exists():
            t = seed_tips(rng=rng, scale=scale, today=today or timezone.localdate())
            self.stdout.write(
                f"Tin báo: {t['tips']} việc, {t['events']} bước giải quyết; vụ việc: {t['cases']}."
            )
        from pcmd.demo.support import seed_support
        from pcmd.support.models import Client

        if not Client.objects.exists():
            s = seed_support(rng=rng, scale=scale, today=today or timezone.localdate())
            self.stdout.write(f"Hỗ trợ: {s['clients']} hồ sơ, {s['services']} lượt dịch vụ.")
