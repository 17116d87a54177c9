from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from pcmd.establishments.services import establishments_rehome


class Command(BaseCommand):
    help = "Chuyển cơ sở kinh doanh sang xã, phường kế thừa theo sắp xếp đơn vị hành chính; xã bị chia tách cần xác định thủ công."

    def add_arguments(self, parser):
        parser.add_argument(
            "--on", type=date.fromisoformat, default=None, help="ngày áp dụng (mặc định hôm nay)"
        )

    def handle(self, *args, on=None, **options):
        result = establishments_rehome(on=on or timezone.localdate())
        self.stdout.write(
            f"Đã chuyển {result.moved} cơ sở. Cần xác định xã mới thủ công: {len(result.to_resolve)}."
        )
        for e in result.to_resolve[:100]:
            self.stdout.write(f"  #{e.pk} {e.name} – {e.unit.name}")
