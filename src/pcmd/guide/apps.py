from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "pcmd.guide"
    label = "guide"
    verbose_name = "Hướng dẫn sử dụng"
