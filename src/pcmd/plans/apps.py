from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "pcmd.plans"
    label = "plans"
    verbose_name = "Kế hoạch"
