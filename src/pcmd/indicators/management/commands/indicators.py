import csv
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from pcmd.core.errors import PcmdError
from pcmd.core.xlsx import csv_safe
from pcmd.indicators.presentation import fmt_number
from pcmd.indicators.services import matrix, parse_request


class Command(BaseCommand):
    help = "Bảng chỉ tiêu: giá trị, tử số, mẫu số, mục tiêu, tình trạng theo đơn vị và kỳ."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="2023, 2023H1, 2023Q2, 2023-05 hoặc 2021..2025")
        parser.add_argument("--unit", help="mã đơn vị (và các đơn vị trực thuộc)")
        parser.add_argument(
            "--as-of", dest="as_of", help="ngày YYYY-MM-DD: quy đổi về đơn vị hành chính của ngày này"
        )
        parser.add_argument("--level", choices=["province", "district", "commune"])
        parser.add_argument("--indicator", help="mã chỉ tiêu, cách nhau bởi dấu phẩy (mặc định: tất cả)")
        parser.add_argument("--format", default="table", choices=["table", "json", "csv"])
        parser.add_argument(
            "--plan", help="mã kế hoạch (mặc định: kế hoạch có hiệu lực đầu kỳ, hoặc kế hoạch duy nhất)"
        )

    def handle(self, *args, **o):
        try:
            req = parse_request(period=o["period"], unit=o.get("unit"), as_of=o.get("as_of"), level=o.get("level"),
                                indicator=o.get("indicator"), plan=o.get("plan"))  # fmt: skip
        except PcmdError as exc:
            raise CommandError(exc.message) from exc
        result = matrix(req)
        if o["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
            return
        cols = ["indicator", "period", "unit_code", "unit_name", "unit_level", "numerator", "denominator", "value",
                "target", "status", "status_label"]  # fmt: skip
        if o["format"] == "csv":
            w = csv.DictWriter(self.stdout, fieldnames=cols, extrasaction="ignore")
            w.writeheader()
            w.writerows({k: csv_safe(v) for k, v in c.items()} for c in result["cells"])
            return
        widths = (5, 8, 7, 28, 9, 10, 10, 8, 8)
        head = ("Mã", "Kỳ", "Đơn vị", "Tên", "Cấp", "Tử số", "Mẫu số", "Giá trị", "Mục tiêu")
        self.stdout.write(" ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " Tình trạng")
        for c in result["cells"]:
            vals = (c["indicator"], c["period"], c["unit_code"], c["unit_name"][:28], c["unit_level"],
                    fmt_number(c["numerator"]), fmt_number(c["denominator"]), fmt_number(c["value"], 1),
                    c["target"] or "")  # fmt: skip
            self.stdout.write(
                " ".join(str(v).ljust(w) for v, w in zip(vals, widths, strict=True)) + " " + c["status_label"]
            )
        sys.stdout.flush()
