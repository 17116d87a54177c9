from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "pcmd.outreach"
    label = "outreach"
    verbose_name = "Tuyên truyền"
