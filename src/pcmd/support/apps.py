from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "pcmd.support"
    label = "support"
    verbose_name = "Hỗ trợ người bán dâm hòa nhập cộng đồng"
