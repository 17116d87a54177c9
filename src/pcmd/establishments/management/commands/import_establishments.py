from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pcmd.accounts.selectors import user_by_username
from pcmd.core.errors import PcmdError
from pcmd.core.xlsx import summary_lines
from pcmd.establishments.xlsx import import_establishments


class Command(BaseCommand):
    help = (
        "Nhập cơ sở kinh doanh từ tệp Excel theo mẫu, với quyền của --user: có một dòng lỗi hoặc xung đột chưa "
        "xử lý thì không nhập dòng nào. --dry-run chỉ in bản xem trước."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="tên đăng nhập của người nhập (được ghi lại)")
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ kiểm tra và in bản xem trước, không ghi"
        )
        parser.add_argument("--conflicts", choices=["keep", "take"],
                            help="xử lý mọi xung đột: keep = giữ bản đang lưu, take = lấy bản trong tệp")  # fmt: skip

    def handle(self, *args, file: Path, user: str, dry_run: bool, conflicts: str | None, **options):
        if not file.exists():
            raise CommandError(f"Không tìm thấy tệp «{file}».")
        actor = user_by_username(user)
        if actor is None:
            raise CommandError(f"Không có người dùng «{user}» (đang hoạt động).")
        try:
            report = import_establishments(path=file, original_name=file.name, actor=actor, dry_run=dry_run,
                                           conflicts=conflicts)  # fmt: skip
        except PcmdError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write("\n".join(summary_lines(report.summary)))
        if report.errors:
            lines = [f"  dòng {e['row']}, cột «{e['column']}»: {e['message']}" for e in report.errors[:50]]
            more = len(report.errors) - 50
            raise CommandError(
                f"Tệp bị từ chối, không nhập dòng nào ({len(report.errors)} lỗi):\n"
                + "\n".join(lines)
                + (f"\n  … và {more} lỗi khác (xem báo cáo trong trang Nhập dữ liệu)." if more > 0 else "")
            )
        if dry_run:
            self.stdout.write("Chạy thử (--dry-run): chưa ghi gì.")
            return
        b = report.batch
        self.stdout.write(f"Đã nhập {b.rows} dòng (lần nhập #{b.pk}, người nhập {user}): thêm mới {b.created_count}, "
                          f"thay đổi {b.updated_count}, không thay đổi {b.unchanged_count}.")  # fmt: skip
