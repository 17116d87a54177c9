"""The firewall. A client is reached only by active staff of its provider; a supervisor may break the glass with
a written reason. Everyone else — inspectors, police, commune officers, leaders, administrators, API tokens —
gets the same 404 as for a page that does not exist."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from pcmd.core.errors import NotFound
from pcmd.support.models import Client, Service, Staff


def staff_rows(actor: Any, on: date | None = None) -> list[Staff]:
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return []
    cache: dict = actor.__dict__.setdefault("_pcmd_support_staff", {})
    on = on or timezone.localdate()
    if on not in cache:
        cache[on] = list(
            Staff.objects.filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=on), user=actor, valid_from__lte=on
            ).select_related("provider")
        )
    return cache[on]


def provider_ids(actor: Any) -> set[int]:
    return {s.provider_id for s in staff_rows(actor)}


def is_staff(actor: Any) -> bool:
    return bool(staff_rows(actor))


def is_supervisor(actor: Any) -> bool:
    return any(s.supervisor for s in staff_rows(actor))


def require_staff(actor: Any) -> None:
    if not is_staff(actor):
        raise NotFound("Không tìm thấy trang.")


def client_scope(actor: Any) -> QuerySet[Client]:
    ids = provider_ids(actor)
    if not ids:
        return Client.objects.none()
    return Client.objects.filter(provider_id__in=ids)


def require_client(actor: Any, client: Client) -> None:
    if client.provider_id not in provider_ids(actor):
        raise NotFound()


def may_amend_service(actor: Any, service: Service) -> bool:
    """A service is corrected or voided by whoever recorded it or by a supervisor of the client's provider."""
    if service.client.provider_id not in provider_ids(actor):
        return False
    supervises = any(s.supervisor and s.provider_id == service.client.provider_id for s in staff_rows(actor))
    return supervises or service.recorded_by_id == actor.pk
