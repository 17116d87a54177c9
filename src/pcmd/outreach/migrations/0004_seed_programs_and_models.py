from django.db import migrations

PROGRAMS = [
    ("kt-xh", "Chương trình phát triển kinh tế - xã hội"), ("an-sinh", "Chương trình an sinh xã hội, giảm nghèo"),
    ("ma-tuy", "Chương trình phòng, chống ma túy"), ("mua-ban-nguoi", "Chương trình phòng, chống mua bán người"),
    ("hiv", "Chương trình phòng, chống HIV/AIDS"),
]  # fmt: skip
MODELS = [
    ("dich-vu-ho-tro", "Mô hình cung cấp dịch vụ hỗ trợ tại cộng đồng, trung tâm công tác xã hội"),
    ("quyen-nguoi-lao-dong", "Mô hình bảo đảm quyền của người lao động tại cơ sở kinh doanh dịch vụ"),
    ("nhom-dong-dang", "Nhóm đồng đẳng, nhóm tự lực, câu lạc bộ giảm hại và phòng, chống bạo lực giới"),
    ("khac", "Mô hình khác"),
]  # fmt: skip


def forwards(apps, schema_editor):
    Program = apps.get_model("outreach", "Program")
    Kind = apps.get_model("outreach", "PilotModelKind")
    for order, (code, name) in enumerate(PROGRAMS):
        Program.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for order, (code, name) in enumerate(MODELS):
        Kind.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("outreach", "0003_reach_plans_models_training")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
