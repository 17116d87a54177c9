from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pcmd.reports.content import ReportError, period_for
from pcmd.reports.models import Format, GeneratedReport, Kind
from pcmd.reports.services import render_report


class Command(BaseCommand):
    help = "Tạo báo cáo (6 tháng, năm, tổng kết) dạng docx, pdf hoặc phụ lục xlsx; bản đã tạo được lưu kèm phiên bản dữ liệu."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=Kind.values, help="half | yearly | final")
        parser.add_argument("--period", required=True)
        parser.add_argument("--format", dest="fmt", default="docx", choices=Format.values)
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args, kind, period, fmt, output, **options):
        try:
            p = period_for(kind, period)
        except ReportError as exc:
            raise CommandError(str(exc)) from exc
        report = GeneratedReport.objects.create(kind=kind, period=p.code, format=fmt)
        try:
            data = render_report(report)
        except ReportError as exc:
            raise CommandError(str(exc)) from exc
        output.write_bytes(data)
        size = f"{len(data):,}".replace(",", ".")
        self.stdout.write(f"Đã tạo {output} ({size} byte, phiên bản dữ liệu {report.data_version}).")
