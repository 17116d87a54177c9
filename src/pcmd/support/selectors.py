from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Max, QuerySet

from pcmd.audit.models import AccessLog
from pcmd.support.models import Client, FollowUp, Provider, Referral, Staff
from pcmd.support.policies import client_scope, provider_ids, staff_rows


def client_list_for(*, actor: Any, q: str = "", open_only: bool = False) -> QuerySet[Client]:
    qs = client_scope(actor).select_related("provider", "unit").defer("full_name", "phone", "id_number")
    if q:
        qs = qs.filter(code__icontains=q.strip().upper())
    if open_only:
        qs = qs.filter(closed_on__isnull=True)
    return qs.annotate(n_services=Count("services"), last_service=Max("services__delivered_on")).order_by(
        "code"
    )


def overdue_followups(*, actor: Any, today: date) -> QuerySet[FollowUp]:
    return (
        FollowUp.objects.filter(client__in=client_scope(actor), done_on__isnull=True, due_on__lt=today)
        .select_related("client")
        .order_by("due_on")
    )


def incoming_referrals(*, actor: Any) -> QuerySet[Referral]:
    """Referrals to the user's providers: what the referral consent allows (code, need), nothing else."""
    return (
        Referral.objects.filter(to_provider_id__in=provider_ids(actor))
        .select_related("client", "to_provider")
        .only("pk", "need", "referred_on", "status", "client__code", "client__age_group", "client__sex",
              "to_provider__name")
        .order_by("-referred_on")
    )  # fmt: skip


def my_providers(actor: Any) -> QuerySet[Provider]:
    return Provider.objects.filter(pk__in=provider_ids(actor)).order_by("name")


def break_glass_log() -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(module="support", purpose="break_glass").select_related("user")


def staff_of(*, actor: Any) -> list[Staff]:
    """Everyone who has had access to the providers this user supervises, current first."""
    supervised = {s.provider_id for s in staff_rows(actor) if s.supervisor}
    if not supervised:
        return []
    qs = Staff.objects.filter(provider_id__in=supervised).select_related("provider", "user")
    return sorted(qs, key=lambda s: (s.valid_to is not None, s.provider.name, s.user.username))


def supervised_providers(*, actor: Any) -> list[Provider]:
    return [s.provider for s in staff_rows(actor) if s.supervisor]
