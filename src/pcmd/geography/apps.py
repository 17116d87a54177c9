from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "pcmd.geography"
    label = "geography"
    verbose_name = "Đơn vị hành chính"
