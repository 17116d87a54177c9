"""`pcmd backup -o FILE.tar.gz`: the database and the uploaded files in one archive (docs/operations.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from pcmd.core import backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp đã tải lên vào một tệp .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", type=Path, default=None, help="tệp sao lưu (mặc định var/backups/…)"
        )

    def handle(self, *args, output: Path | None = None, **options):
        from django.conf import settings

        path = (
            output
            or Path(settings.BASE_DIR)
            / "var"
            / "backups"
            / f"pcmd-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
        )
        manifest = backup.create(path)
        size = path.stat().st_size / 1024 / 1024
        self.stdout.write(f"Đã sao lưu vào {path} ({size:.1f} MB; cơ sở dữ liệu {manifest['engine']}, "
                          f"{manifest['media_files']} tệp đính kèm).")  # fmt: skip
