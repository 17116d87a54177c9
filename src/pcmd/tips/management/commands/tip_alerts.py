from django.core.management.base import BaseCommand
from django.utils import timezone

from pcmd.tips.services import send_alerts


class Command(BaseCommand):
    help = "Gửi thông báo trong ứng dụng cho việc sắp đến hạn hoặc quá hạn (chạy hằng ngày)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3)

    def handle(self, *args, days: int, **options):
        n = send_alerts(today=timezone.localdate(), days=days)
        self.stdout.write(f"Đã gửi {n} thông báo.")
