from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "pcmd.core"
    label = "core"
    verbose_name = "Lõi"

    def ready(self) -> None:
        from django.db.models import fields

        from pcmd.core.text import install_sqlite_functions

        # Django 6.1's new blank choice "- Select an option -" has no Vietnamese translation yet: every select
        # of the project reads this label when its form class is built (after the apps are ready).
        fields.BLANK_CHOICE_LABEL = "— Chọn —"

        connection_created.connect(install_sqlite_functions, dispatch_uid="pcmd_sqlite_functions")
