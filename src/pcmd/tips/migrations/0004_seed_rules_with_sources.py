from datetime import date

from django.db import migrations

# DOMAIN §4, each part with its article and confidence (C confirmed, P probable, U to confirm).
BLDS = "Bộ luật Dân sự 2015 điều 148 (các luật hành chính không quy định riêng cách tính)"
RULES = {
    "crime_tip": dict(
        legal_basis="BLTTHS 2015 điều 147 khoản 1: 20 ngày kể từ ngày nhận", confidence="C",
        starts_on="received", accept_limit=0, limit=20, limit_count="calendar", remote_limit=0,
        steps=[
            dict(name="Vụ việc phức tạp", mode="total", amount=2, count="months", max_times=1, approver="leader",
                 approver_label="Thủ trưởng cơ quan thụ lý", window=0,
                 basis="BLTTHS 2015 điều 147 khoản 2: nhiều tình tiết phức tạp, xác minh nhiều nơi – không quá "
                       "02 tháng", confidence="C"),
            dict(name="Viện kiểm sát gia hạn", mode="add", amount=2, count="months", max_times=1,
                 approver="external", approver_label="Viện kiểm sát cùng cấp", window=5,
                 basis="BLTTHS 2015 điều 147 khoản 2: gia hạn một lần không quá 02 tháng; đề nghị chậm nhất 05 "
                       "ngày trước khi hết hạn", confidence="C"),
        ],
        suspension_allowed=True, suspension_basis="BLTTHS 2015 điều 148 (tạm đình chỉ), điều 149 (phục hồi)",
        resume_limit=0, resume_count="calendar", resume_confidence="U",
        roll_days=False, roll_months=True,
        roll_basis="BLTTHS 2015 điều 134: hạn tính theo tháng hết vào ngày nghỉ thì lùi sang ngày làm việc kế "
                   "tiếp (C); với hạn tính theo ngày còn cách hiểu khác nhau (U)", roll_confidence="U",
        note="Đồng hồ dừng khi tạm đình chỉ; thời hạn sau phục hồi là tham số cần xác nhận (hiện: tiếp tục thời "
             "hạn còn lại). Cơ quan không có thẩm quyền điều tra phải chuyển trong 24 giờ (U)."),
    "denunciation": dict(
        legal_basis="Luật Tố cáo 2018 điều 30 khoản 1: 30 ngày kể từ ngày thụ lý", confidence="C",
        starts_on="accepted", accept_limit=7, accept_count="working",
        accept_basis="Luật Tố cáo 2018 điều 24: 07 ngày làm việc (10 nếu phải xác minh) – U",
        limit=30, limit_count="calendar", remote_limit=0,
        steps=[
            dict(name="Gia hạn (phức tạp: 1 lần; đặc biệt phức tạp: 2 lần)", mode="add", amount=30,
                 count="calendar", max_times=2, approver="leader", approver_label="Người giải quyết tố cáo",
                 window=0, basis="Luật Tố cáo 2018 điều 30 khoản 1: mỗi lần không quá 30 ngày", confidence="C"),
        ],
        suspension_allowed=True, suspension_basis="Luật Tố cáo 2018 (tạm đình chỉ giải quyết tố cáo) – U",
        resume_limit=0, resume_count="calendar", resume_confidence="U",
        roll_days=True, roll_months=True, roll_basis=BLDS, roll_confidence="P",
        note="Phải giữ bí mật danh tính người tố cáo."),
    "complaint_1": dict(
        legal_basis="Luật Khiếu nại 2011 điều 28: 30 ngày kể từ ngày thụ lý; vùng sâu, vùng xa 45 ngày",
        confidence="C", starts_on="accepted", accept_limit=10, accept_count="calendar",
        accept_basis="Luật Khiếu nại 2011 điều 27: 10 ngày – U", limit=30, limit_count="calendar", remote_limit=45,
        steps=[
            dict(name="Vụ việc phức tạp", mode="total", amount=45, remote_amount=60, count="calendar", max_times=1,
                 approver="leader", approver_label="Người giải quyết khiếu nại", window=0,
                 basis="Luật Khiếu nại 2011 điều 28: không quá 45 ngày; vùng sâu, vùng xa không quá 60 ngày",
                 confidence="C"),
        ],
        suspension_allowed=False, roll_days=True, roll_months=True, roll_basis=BLDS, roll_confidence="P", note=""),
    "complaint_2": dict(
        legal_basis="Luật Khiếu nại 2011 điều 37: 45 ngày kể từ ngày thụ lý; vùng sâu, vùng xa 60 ngày",
        confidence="C", starts_on="accepted", accept_limit=10, accept_count="calendar",
        accept_basis="Luật Khiếu nại 2011 điều 36: 10 ngày – U", limit=45, limit_count="calendar", remote_limit=60,
        steps=[
            dict(name="Vụ việc phức tạp", mode="total", amount=60, remote_amount=70, count="calendar", max_times=1,
                 approver="leader", approver_label="Người giải quyết khiếu nại", window=0,
                 basis="Luật Khiếu nại 2011 điều 37: không quá 60 ngày; vùng sâu, vùng xa không quá 70 ngày",
                 confidence="C"),
        ],
        suspension_allowed=False, roll_days=True, roll_months=True, roll_basis=BLDS, roll_confidence="P", note=""),
    "petition": dict(
        legal_basis="Quy chế tiếp nhận, xử lý kiến nghị, phản ánh (cần xác nhận)", confidence="U",
        starts_on="received", accept_limit=0, limit=15, limit_count="working", steps=[],
        roll_days=True, roll_months=True, roll_basis=BLDS, roll_confidence="P",
        note="Thời hạn chờ cơ quan thường trực xác nhận."),
    "out_of_scope": dict(
        legal_basis="Hướng dẫn, chuyển đơn (cần xác nhận)", confidence="U", starts_on="received", accept_limit=0,
        limit=10, limit_count="working", steps=[], roll_days=True, roll_months=True, roll_basis=BLDS,
        roll_confidence="P", note="Không thuộc thẩm quyền: hướng dẫn hoặc chuyển cơ quan có thẩm quyền."),
}  # fmt: skip


def forwards(apps, schema_editor):
    ClockRule = apps.get_model("tips", "ClockRule")
    for kind, values in RULES.items():
        rule = ClockRule.objects.filter(kind=kind).order_by("effective_from").first() or ClockRule(
            kind=kind, effective_from=date(2018, 1, 1)
        )
        for k, v in values.items():
            setattr(rule, k, v)
        rule.save()


def t08_by_deadline(apps, schema_editor):
    """Databases loaded before: T08 now counts matters in the period their deadline falls (plan file updated too)."""
    Indicator = apps.get_model("plans", "Indicator")
    Indicator.objects.filter(numerator="tips.closed_on_time").update(
        numerator="tips.deadline_met", denominator="tips.deadline_counted"
    )


class Migration(migrations.Migration):
    dependencies = [("tips", "0003_rules_as_data"), ("plans", "0001_initial")]
    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RunPython(t08_by_deadline, migrations.RunPython.noop),
    ]
