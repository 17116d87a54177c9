"""Vietnamese names for the third-party apps and models that /admin/ shows (their packages ship English only).

Only `_meta.verbose_name(_plural)` is set, not `original_attrs`, so no migration follows from the renaming.
"""

from __future__ import annotations

from axes.apps import AppConfig as _AxesConfig
from django.apps import AppConfig
from django_otp.plugins.otp_static.apps import DefaultConfig as _StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as _TotpConfig
from django_tasks_db.apps import TasksAppConfig as _TasksConfig


def _rename(config: AppConfig, names: dict[str, tuple[str, str]]) -> None:
    for model_name, (singular, plural) in names.items():
        meta = config.get_model(model_name)._meta
        meta.verbose_name, meta.verbose_name_plural = singular, plural


class AxesConfig(_AxesConfig):
    verbose_name = "Khóa đăng nhập sai"

    def ready(self) -> None:
        super().ready()
        _rename(
            self,
            {
                "AccessAttempt": ("lần đăng nhập sai", "các lần đăng nhập sai"),
                "AccessFailureLog": ("nhật ký đăng nhập sai", "nhật ký đăng nhập sai"),
                "AccessLog": ("nhật ký đăng nhập", "nhật ký đăng nhập"),
                "AccessAttemptExpiration": ("hạn khóa đăng nhập", "hạn khóa đăng nhập"),
            },
        )


class TotpConfig(_TotpConfig):
    verbose_name = "Xác thực hai lớp: ứng dụng tạo mã"

    def ready(self) -> None:
        _rename(self, {"TOTPDevice": ("ứng dụng tạo mã", "các ứng dụng tạo mã")})


class StaticConfig(_StaticConfig):
    verbose_name = "Xác thực hai lớp: mã dự phòng"

    def ready(self) -> None:
        _rename(
            self,
            {
                "StaticDevice": ("bộ mã dự phòng", "các bộ mã dự phòng"),
                "StaticToken": ("mã dự phòng", "các mã dự phòng"),
            },
        )


class TasksConfig(_TasksConfig):
    verbose_name = "Tác vụ nền"

    def ready(self) -> None:
        super().ready()
        _rename(self, {"DBTaskResult": ("tác vụ nền", "các tác vụ nền")})
