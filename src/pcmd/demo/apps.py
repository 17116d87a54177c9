from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "pcmd.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu"
