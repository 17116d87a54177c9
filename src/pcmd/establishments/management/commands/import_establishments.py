from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pcmd.establishments.xlsx import import_establishments


class Command(BaseCommand):
    help = "Nhập cơ sở kinh doanh từ tệp Excel theo mẫu: có một dòng lỗi thì không nhập dòng nào."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.exists():
            raise CommandError(f"Không tìm thấy tệp «{file}».")
        report = import_establishments(path=file, original_name=file.name)
        if not report.ok:
            lines = [f"  dòng {e['row']}, cột «{e['column']}»: {e['message']}" for e in report.errors[:50]]
            more = len(report.errors) - 50
            raise CommandError(
                f"Tệp bị từ chối, không nhập dòng nào ({len(report.errors)} lỗi):\n"
                + "\n".join(lines)
                + (f"\n  … và {more} lỗi khác (xem báo cáo trong trang Nhập dữ liệu)." if more > 0 else "")
            )
        b = report.batch
        self.stdout.write(f"Đã nhập {b.rows} dòng: thêm mới {b.created_count}, cập nhật {b.updated_count}.")
