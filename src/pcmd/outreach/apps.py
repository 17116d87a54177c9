from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "pcmd.outreach"
    label = "outreach"
    verbose_name = "Tuyên truyền"

    def ready(self) -> None:
        from pcmd.core.measures import register
        from pcmd.outreach import measures

        register(measures.MEASURES)
