from datetime import date

from django.db import migrations

ROWS = [
    (date(2025, 4, 26), "working_day", "Làm bù cho ngày nghỉ 02/05/2025 (lịch nghỉ lễ 30/4–1/5/2025)"),
]


def forwards(apps, schema_editor):
    CalendarException = apps.get_model("core", "CalendarException")
    for day, kind, note in ROWS:
        CalendarException.objects.get_or_create(day=day, defaults={"kind": kind, "note": note})


class Migration(migrations.Migration):
    """Seed the editable exceptions table with the known make-up working day of 2025."""

    dependencies = [("core", "0002_unaccent")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
