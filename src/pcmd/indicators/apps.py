from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "pcmd.indicators"
    label = "indicators"
    verbose_name = "Chỉ tiêu"

    def ready(self) -> None:
        from pcmd.indicators import invalidation

        invalidation.connect()
