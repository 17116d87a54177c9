from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "pcmd.api"
    label = "pcmd_api"
    verbose_name = "API"
