"""Plumbing: any write to a record under the figures bumps the data version, which invalidates cached
figures (CONVENTIONS §10: signals only for plumbing). Bulk paths (imports, demo) bump explicitly."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from pcmd.core.dataversion import bump

WATCHED_APPS = ("establishments", "tips", "outreach", "support", "datasets", "geography")


def _changed(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    bump()


def connect() -> None:
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in WATCHED_APPS and not (meta.model_name or "").startswith("historical"):
            post_save.connect(_changed, sender=model, dispatch_uid=f"pcmd-ver-save-{meta.label}")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"pcmd-ver-del-{meta.label}")
    m2m_changed.connect(_changed, dispatch_uid="pcmd-ver-m2m")
