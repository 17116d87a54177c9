from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "pcmd.core"
    label = "core"
    verbose_name = "Lõi"

    def ready(self) -> None:
        from pcmd.core.text import install_sqlite_functions

        connection_created.connect(install_sqlite_functions, dispatch_uid="pcmd_sqlite_functions")
