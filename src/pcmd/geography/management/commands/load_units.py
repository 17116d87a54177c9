from django.core.management.base import BaseCommand

from pcmd.geography.loader import load_units


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính theo thời gian (2021, sáp nhập 2024, cấu trúc từ 01/07/2025) và quan hệ kế thừa."

    def add_arguments(self, parser):
        parser.add_argument("--province", default="96", help="mã tỉnh (mặc định 96 – Cà Mau)")

    def handle(self, *args, province: str, **options):
        result = load_units(province=province)
        self.stdout.write(
            f"Đơn vị hành chính: thêm {result.created}, cập nhật {result.updated}; quan hệ kế thừa: {result.lineage}."
        )
