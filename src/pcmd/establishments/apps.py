from django.apps import AppConfig


class EstablishmentsConfig(AppConfig):
    name = "pcmd.establishments"
    label = "establishments"
    verbose_name = "Cơ sở kinh doanh và kiểm tra"

    def ready(self) -> None:
        from pcmd.core.measures import register
        from pcmd.establishments import measures

        register(measures.MEASURES)
