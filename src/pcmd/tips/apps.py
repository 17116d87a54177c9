from django.apps import AppConfig


class TipsConfig(AppConfig):
    name = "pcmd.tips"
    label = "tips"
    verbose_name = "Tin báo, tố cáo, khiếu nại và vụ việc"

    def ready(self) -> None:
        from pcmd.core.measures import register
        from pcmd.tips import measures

        register(measures.MEASURES)
