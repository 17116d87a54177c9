import shutil
from pathlib import Path

from django.core.management.base import BaseCommand

from pcmd.guide import pdf


class Command(BaseCommand):
    help = "Ghi hướng dẫn sử dụng ra tệp PDF (kèm ảnh màn hình của «make screens» nếu có)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", type=Path, default=Path("huong-dan-su-dung-pcmd.pdf"))

    def handle(self, *args, output: Path, **options):
        shutil.copyfile(pdf.built(), output)
        self.stdout.write(f"Đã ghi {output} ({output.stat().st_size // 1024} KB).")
