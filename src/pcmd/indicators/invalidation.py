"""Plumbing: any write to a record a figure can depend on bumps the data version, which invalidates cached
figures (CONVENTIONS §10: signals only for plumbing). Bulk paths (imports, demo) bump explicitly.

Nothing is listed by hand: every model of every PCMD app is watched — registries, plans and targets, units,
the working calendar, clock rules, coverage, and any model added later — unless the model itself says it
cannot change a figure (`figure_source = False`: logs, notifications, generated files, accounts). Forgetting
that flag costs a cache miss, never a stale figure."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from pcmd.core.dataversion import bump


def is_figure_source(model: type[Model]) -> bool:
    """A model whose writes can change a figure: any model of a `pcmd.` app, except history rows and the
    models flagged `figure_source = False`."""
    meta = model._meta
    app = apps.get_app_config(meta.app_label)
    if not app.name.startswith("pcmd.") or meta.abstract:
        return False
    if (meta.model_name or "").startswith("historical"):
        return False
    return bool(getattr(model, "figure_source", True))


def watched_models() -> list[type[Model]]:
    return [m for m in apps.get_models(include_auto_created=True) if is_figure_source(m)]


def _changed(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    bump()


def _m2m_changed(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("action", "").startswith("post_") and is_figure_source(sender):
        bump()


def connect() -> None:
    for model in watched_models():
        label = model._meta.label
        post_save.connect(_changed, sender=model, dispatch_uid=f"pcmd-ver-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"pcmd-ver-del-{label}")
    m2m_changed.connect(_m2m_changed, dispatch_uid="pcmd-ver-m2m")
