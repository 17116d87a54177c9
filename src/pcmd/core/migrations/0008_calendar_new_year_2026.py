from datetime import date

from django.db import migrations

NOTE = "Văn bản 12729/VPCP-KGVX ngày 25/12/2025: hoán đổi ngày làm việc 02/01/2026 sang thứ Bảy 10/01/2026"
ROWS = [
    (date(2026, 1, 2), "day_off", "Nghỉ Tết Dương lịch 2026 (hoán đổi). " + NOTE),
    (date(2026, 1, 10), "working_day", "Làm bù cho ngày nghỉ 02/01/2026. " + NOTE),
]


def forwards(apps, schema_editor):
    CalendarException = apps.get_model("core", "CalendarException")
    for day, kind, note in ROWS:
        CalendarException.objects.get_or_create(day=day, defaults={"kind": kind, "note": note})


class Migration(migrations.Migration):
    """The 2026 New Year swap, which the `holidays` package does not know (the other moved days come from it)."""

    dependencies = [("core", "0007_import_unchanged_count")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
