"""Optimistic locking shared by the services: claim the version the user saw, or fail without writing."""

from __future__ import annotations

from typing import Any

from django.db.models import F

from pcmd.core.errors import Conflict


def claim(obj: Any, expected_version: int | None) -> None:
    """`UPDATE … SET version = version + 1 WHERE pk = … AND version = expected`; Conflict when someone saved
    the record after the user opened it (or no version was sent for an existing record)."""
    manager = type(obj)._default_manager
    if expected_version is None or not manager.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1
    ):
        raise Conflict()
    obj.version = expected_version + 1


def save_by(obj: Any, actor: Any, expected_version: int | None = None) -> Any:
    """Save a business record as `actor`: a new record gets its author, an existing one is claimed first (so
    a stale form changes nothing); history records the user."""
    if obj.pk:
        claim(obj, expected_version)
    else:
        obj.created_by = actor
    obj.updated_by = actor
    obj._history_user = actor
    obj.save()
    return obj
