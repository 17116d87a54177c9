from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "pcmd.support"
    label = "support"
    verbose_name = "Hỗ trợ người bán dâm hòa nhập cộng đồng"

    def ready(self) -> None:
        from pcmd.core.measures import register
        from pcmd.support import measures

        register(measures.MEASURES)
