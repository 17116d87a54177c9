from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "pcmd.web"
    label = "web"
    verbose_name = "Giao diện"
