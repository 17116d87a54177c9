from django.conf import settings
from django.core.management.base import BaseCommand

from pcmd.core.xlsx import imports_expire


class Command(BaseCommand):
    help = "Xóa tệp của các lần nhập bị từ chối, đã hủy hoặc không xác nhận, cũ hơn PCMD_IMPORT_RETENTION_DAYS ngày."

    def handle(self, *args, **options):
        n = imports_expire()
        self.stdout.write(
            f"Đã xóa {n} tệp nhập quá {settings.PCMD_IMPORT_RETENTION_DAYS} ngày (giữ lại báo cáo lỗi)."
        )
