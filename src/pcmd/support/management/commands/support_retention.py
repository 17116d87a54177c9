from django.core.management.base import BaseCommand
from django.utils import timezone

from pcmd.support.services import anonymise_closed


class Command(BaseCommand):
    help = "Ẩn danh hóa hồ sơ hỗ trợ đã đóng quá N năm (mặc định 5)."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=5)

    def handle(self, *args, years: int, **options):
        n = anonymise_closed(years=years, today=timezone.localdate())
        self.stdout.write(f"Đã ẩn danh hóa {n} hồ sơ.")
