from django.apps import AppConfig


class TipsConfig(AppConfig):
    name = "pcmd.tips"
    label = "tips"
    verbose_name = "Tin báo, tố cáo, khiếu nại và vụ việc"
