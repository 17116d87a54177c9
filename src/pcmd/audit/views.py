from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from pcmd.accounts.models import Role
from pcmd.accounts.scoping import scope_for
from pcmd.audit.models import AccessLog


@never_cache
@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    """For the auditor: every read of sensitive records, break-glass accesses first."""
    if not scope_for(request.user, roles=(Role.AUDITOR,)).everything:
        raise Http404
    qs = AccessLog.objects.select_related("user").order_by("-at")
    if request.GET.get("break_glass") == "1":
        qs = qs.filter(purpose="break_glass")
    glass = AccessLog.objects.filter(purpose="break_glass").select_related("user").order_by("-at")[:50]
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page, "glass": glass})
