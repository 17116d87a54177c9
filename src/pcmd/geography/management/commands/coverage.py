from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pcmd.core.errors import PcmdError
from pcmd.geography.coverage import coverage_clear, coverage_list, coverage_set


def _day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Tham số «{field}»: ngày «{text}» không hợp lệ (dạng YYYY-MM-DD).") from exc


class Command(BaseCommand):
    help = (
        "Phạm vi số liệu: đơn vị nào PCMD có hồ sơ và từ ngày nào (đơn vị không có hồ sơ trong kỳ không được tính "
        "vào cả tử số lẫn mẫu số). list: liệt kê; set MÃ --from NGÀY: có số liệu từ ngày; clear MÃ: có đủ số liệu."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "set", "clear"])
        parser.add_argument("unit", nargs="?", help="mã đơn vị (set, clear)")
        parser.add_argument("--from", dest="covered_from", help="có số liệu từ ngày (YYYY-MM-DD)")
        parser.add_argument("--on", help="ngày đơn vị có hiệu lực, để chọn đúng đơn vị (mặc định: hôm nay)")
        parser.add_argument("--source", default="", help="căn cứ, ghi chú")

    def handle(self, *args, action: str, unit: str | None, covered_from: str | None, on: str | None,
               source: str, **options):  # fmt: skip
        if action == "list":
            for row in coverage_list():
                self.stdout.write(
                    f"{row.unit.code}\t{row.unit.name}\tcó số liệu từ {row.covered_from:%d/%m/%Y}"
                )
            return
        if not unit:
            raise CommandError("Thiếu tham số «unit»: mã đơn vị.")
        when = _day(on, "on") if on else timezone.localdate()
        try:
            if action == "clear":
                done = coverage_clear(actor=None, code=unit, on=when)
                self.stdout.write(
                    "Đã ghi: có đủ số liệu của đơn vị." if done else "Đơn vị vốn đã có đủ số liệu."
                )
                return
            if not covered_from:
                raise CommandError("Thiếu tham số «--from»: ngày bắt đầu có số liệu.")
            row = coverage_set(actor=None, code=unit, on=when, covered_from=_day(covered_from, "from"),
                               source=source)  # fmt: skip
        except PcmdError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Đã ghi: {row}.")
