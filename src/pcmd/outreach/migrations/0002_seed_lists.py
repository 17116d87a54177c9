from datetime import date

from django.db import migrations

FORMS = [
    ("loa", "Loa truyền thanh"), ("pano", "Pa-nô, áp phích"), ("hop-dan", "Họp dân, nói chuyện chuyên đề"),
    ("clb", "Sinh hoạt câu lạc bộ"), ("to-roi", "Tờ rơi"), ("mxh", "Mạng xã hội"),
    ("hoi-thi", "Hội thi, sân khấu hóa"), ("tu-van", "Tư vấn trực tiếp"), ("khac", "Hình thức khác"),
]  # fmt: skip


def forwards(apps, schema_editor):
    ActivityForm = apps.get_model("outreach", "ActivityForm")
    RegularityRule = apps.get_model("outreach", "RegularityRule")
    for order, (code, name) in enumerate(FORMS):
        ActivityForm.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    RegularityRule.objects.get_or_create(
        valid_from=date(2021, 1, 1),
        defaults={
            "every_quarter": True,
            "note": "Mặc định: mỗi quý ít nhất một hoạt động (chờ cơ quan thường trực xác nhận)",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
