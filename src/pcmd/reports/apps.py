from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "pcmd.reports"
    label = "reports"
    verbose_name = "Báo cáo"
