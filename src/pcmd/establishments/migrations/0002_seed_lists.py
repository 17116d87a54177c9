from django.db import migrations

TYPES = [
    ("khach-san", "Khách sạn", 2),
    ("nha-nghi", "Nhà nghỉ, nhà trọ", 3),
    ("nha-hang", "Nhà hàng (có nhân viên phục vụ)", 2),
    ("karaoke", "Karaoke", 3),
    ("vu-truong", "Vũ trường, quán bar", 3),
    ("massage", "Massage, xông hơi, spa", 3),
    ("ca-phe", "Cà phê đèn mờ, cà phê vườn", 3),
    ("cat-toc", "Cắt tóc, gội đầu thư giãn", 2),
    ("khac", "Loại hình khác", 1),
]
# Fine ranges: only NĐ 144/2021 art. 24 is confirmed (DOMAIN §4); the rest stay open until the lead agency
# enters them (confirmed = False).
ACTS = [
    ("mua-dam", "Mua dâm", "NĐ 144/2021/NĐ-CP, Điều 24 khoản 1", 1_000_000, 2_000_000, True),
    (
        "mua-dam-nhieu-nguoi",
        "Mua dâm hai người trở lên cùng một lúc",
        "NĐ 144/2021/NĐ-CP, Điều 24 khoản 2",
        2_000_000,
        5_000_000,
        True,
    ),
    ("ban-dam", "Bán dâm", "NĐ 144/2021/NĐ-CP, Điều 25", None, None, False),
    (
        "chua-chap",
        "Chứa chấp, tạo điều kiện cho hoạt động mại dâm",
        "NĐ 144/2021/NĐ-CP (điều khoản cần xác nhận)",
        None,
        None,
        False,
    ),
    (
        "moi-gioi",
        "Môi giới mại dâm (chưa đến mức truy cứu hình sự)",
        "NĐ 144/2021/NĐ-CP (điều khoản cần xác nhận)",
        None,
        None,
        False,
    ),
    ("khac", "Vi phạm khác liên quan (ghi rõ trong mô tả)", "Ghi rõ căn cứ", None, None, False),
]


def forwards(apps, schema_editor):
    BusinessType = apps.get_model("establishments", "BusinessType")
    ViolationAct = apps.get_model("establishments", "ViolationAct")
    for order, (code, name, weight) in enumerate(TYPES):
        BusinessType.objects.get_or_create(
            code=code, defaults={"name": name, "risk_weight": weight, "order": order}
        )
    for code, name, article, lo, hi, confirmed in ACTS:
        ViolationAct.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "legal_article": article,
                "fine_min": lo,
                "fine_max": hi,
                "confirmed": confirmed,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("establishments", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
