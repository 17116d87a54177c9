from django.core.management.base import BaseCommand, CommandError

from pcmd.geography.errors import UnitError
from pcmd.geography.loader import DEMO_PROVINCE, load_units, parse_provinces


class Command(BaseCommand):
    help = (
        "Nạp đơn vị hành chính theo thời gian (2021, các lần sắp xếp 2023–2025, cấu trúc từ 01/07/2025) và quan hệ "
        "kế thừa, cho một hay nhiều tỉnh hoặc cả nước."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            default=DEMO_PROVINCE,
            help="mã tỉnh, cách nhau bằng dấu phẩy (01,79), hoặc «all» cho cả nước; mặc định 96 – Cà Mau "
            "(kèm Bạc Liêu cũ đã hợp nhất vào)",
        )

    def handle(self, *args, province: str, **options):
        try:
            result = load_units(province=parse_provinces(province))
        except UnitError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Đơn vị hành chính: thêm {result.created}, cập nhật {result.updated}; quan hệ kế thừa: {result.lineage}."
        )
