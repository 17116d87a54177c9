from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pcmd.plans.loader import PlanFileError, load_plan


class Command(BaseCommand):
    help = "Nạp (hoặc cập nhật) một kế hoạch từ tệp YAML; tệp có lỗi bị từ chối toàn bộ."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.exists():
            raise CommandError(f"Không tìm thấy tệp «{file}».")
        try:
            result = load_plan(file)
        except PlanFileError as exc:
            raise CommandError(str(exc)) from exc
        verb = "Đã nạp" if result.created else "Đã cập nhật"
        self.stdout.write(
            f"{verb} kế hoạch {result.plan_code}: {result.indicators} chỉ tiêu, {result.tasks} nhiệm vụ."
        )
