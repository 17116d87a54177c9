"""`pcmd restore FILE.tar.gz --yes`: replace the database and the uploaded files with a backup's."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from pcmd.core import backup
from pcmd.core.errors import PcmdError


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và tệp đính kèm từ một bản sao lưu (thay thế toàn bộ dữ liệu hiện có)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="xác nhận thay thế toàn bộ dữ liệu hiện có")

    def handle(self, *args, file: Path, yes: bool, **options):
        if not file.exists():
            raise CommandError(f"Không có tệp {file}.")
        if not yes:
            raise CommandError("Khôi phục thay thế toàn bộ dữ liệu hiện có: chạy lại với --yes để xác nhận.")
        try:
            result = backup.restore(file)
        except PcmdError as exc:
            raise CommandError(exc.message) from exc
        call_command("migrate", interactive=False, verbosity=0)  # an archive from an older version
        kept = (
            f" Tệp đính kèm trước đó được giữ ở {result['media_kept_at']}." if result["media_kept_at"] else ""
        )
        self.stdout.write(
            f"Đã khôi phục bản sao lưu ngày {result['created_at'][:10]} ({result['engine']}).{kept}"
        )
