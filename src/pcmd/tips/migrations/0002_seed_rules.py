from django.db import migrations

# DOMAIN §4. Limits tagged U there are marked "U" here and stay editable in the admin.
RULES = [
    dict(kind="crime_tip", legal_basis="BLTTHS 2015 điều 145, 147", confidence="C", starts_on="received",
         limit=20, limit_count="calendar", max_extensions=1, extension=2, extension_count="months",
         extension_approver="Viện kiểm sát cùng cấp", extension_window=5, suspension_allowed=True,
         note="Vụ việc phức tạp: thời hạn giải quyết có thể đến 2 tháng; Viện kiểm sát có thể gia hạn một lần, "
              "không quá 2 tháng, đề nghị chậm nhất 5 ngày trước khi hết hạn. Cơ quan không có thẩm quyền điều "
              "tra phải chuyển trong 24 giờ (U)."),
    dict(kind="denunciation", legal_basis="Luật Tố cáo 2018 điều 24, 30", confidence="U", starts_on="accepted",
         accept_limit=7, accept_count="working", limit=30, limit_count="calendar", max_extensions=2,
         extension=30, extension_count="calendar", extension_approver="Người giải quyết tố cáo",
         suspension_allowed=True,
         note="Thụ lý trong 7 ngày làm việc (10 nếu cần xác minh) (U); giải quyết 30 ngày kể từ ngày thụ lý; "
              "phức tạp gia hạn 1 lần, đặc biệt phức tạp 2 lần, mỗi lần không quá 30 ngày (C). "
              "Phải giữ bí mật danh tính người tố cáo."),
    dict(kind="complaint_1", legal_basis="Luật Khiếu nại 2011 điều 27, 28", confidence="U", starts_on="accepted",
         accept_limit=10, accept_count="calendar", limit=30, limit_count="calendar", max_extensions=1,
         extension=15, extension_count="calendar", extension_approver="Người giải quyết khiếu nại",
         note="Thụ lý trong 10 ngày (U); giải quyết 30 ngày, phức tạp 45 ngày (gia hạn 15 ngày); vùng sâu, "
              "vùng xa 45/60 ngày (C)."),
    dict(kind="complaint_2", legal_basis="Luật Khiếu nại 2011 điều 36, 37", confidence="C", starts_on="accepted",
         accept_limit=10, accept_count="calendar", limit=45, limit_count="calendar", max_extensions=1,
         extension=15, extension_count="calendar", extension_approver="Người giải quyết khiếu nại",
         note="45 ngày, phức tạp 60 ngày (gia hạn 15 ngày); vùng sâu, vùng xa 60/70 ngày."),
    dict(kind="petition", legal_basis="Quy chế tiếp nhận, xử lý kiến nghị, phản ánh (cần xác nhận)",
         confidence="U", starts_on="received", limit=15, limit_count="working",
         note="Thời hạn chờ cơ quan thường trực xác nhận."),
    dict(kind="out_of_scope", legal_basis="Hướng dẫn, chuyển đơn (cần xác nhận)", confidence="U",
         starts_on="received", limit=10, limit_count="working",
         note="Không thuộc thẩm quyền: hướng dẫn hoặc chuyển cơ quan có thẩm quyền."),
]  # fmt: skip


def forwards(apps, schema_editor):
    ClockRule = apps.get_model("tips", "ClockRule")
    for rule in RULES:
        ClockRule.objects.get_or_create(kind=rule["kind"], defaults=rule)


class Migration(migrations.Migration):
    dependencies = [("tips", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
