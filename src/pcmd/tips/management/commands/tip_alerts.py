from django.core.management.base import BaseCommand
from django.utils import timezone

from pcmd.tips.alerts import schedule_daily_alerts, send_alerts


class Command(BaseCommand):
    help = ("Gửi thông báo (trong ứng dụng và thư điện tử) cho việc còn 7 ngày, 2 ngày đến hạn hoặc đã quá hạn; "
            "--schedule: đặt lịch chạy hằng ngày cho tiến trình nền (db_worker).")  # fmt: skip

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule", action="store_true", help="chỉ đặt lịch chạy hằng ngày, không gửi ngay"
        )

    def handle(self, *args, schedule: bool, **options):
        if schedule:
            queued = schedule_daily_alerts()
            self.stdout.write("Đã đặt lịch chạy hằng ngày." if queued else "Lịch chạy hằng ngày đã có sẵn.")
            return
        n = send_alerts(today=timezone.localdate())
        self.stdout.write(f"Đã gửi {n} thông báo.")
