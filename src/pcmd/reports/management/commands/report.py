from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pcmd.reports.content import ReportError, resolve
from pcmd.reports.models import Format, GeneratedReport, Kind
from pcmd.reports.services import render_report


class Command(BaseCommand):
    help = "Tạo báo cáo (6 tháng, năm, tổng kết) dạng docx, pdf hoặc phụ lục xlsx; bản đã tạo được lưu kèm phiên bản dữ liệu."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=Kind.values, help="half | yearly | final")
        parser.add_argument(
            "--period", default="", help="2024H1, 2024; tổng kết: cả giai đoạn của kế hoạch (có thể bỏ)"
        )
        parser.add_argument("--plan", default="", help="mã kế hoạch (mặc định: kế hoạch có hiệu lực đầu kỳ)")
        parser.add_argument("--format", dest="fmt", default="docx", choices=Format.values)
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args, kind, period, plan, fmt, output, **options):
        try:
            chosen, p = resolve(kind, period, plan)
        except ReportError as exc:
            raise CommandError(str(exc)) from exc
        report = GeneratedReport.objects.create(kind=kind, period=p.code, plan=chosen.code, format=fmt)
        try:
            data = render_report(report)
        except ReportError as exc:
            raise CommandError(str(exc)) from exc
        output.write_bytes(data)
        size = f"{len(data):,}".replace(",", ".")
        self.stdout.write(f"Đã tạo {output} ({size} byte, phiên bản dữ liệu {report.data_version}).")
