from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "pcmd.audit"
    label = "audit"
    verbose_name = "Nhật ký truy cập dữ liệu nhạy cảm"
