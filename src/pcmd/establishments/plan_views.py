"""Pages of the yearly inspection plan."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from pcmd.core.errors import NotFound, PcmdError
from pcmd.core.text import search
from pcmd.establishments.forms import PlanCreateForm
from pcmd.establishments.planner import (
    coverage,
    plan_add,
    plan_create,
    plan_move,
    plan_remove,
    team_establishments,
)
from pcmd.establishments.selectors import plan_get_for, plan_list_for, teams_for


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    form = PlanCreateForm(request.POST or None, initial={"year": timezone.localdate().year})
    cast(forms.ModelChoiceField, form.fields["team"]).queryset = teams_for(actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_create(
                actor=request.user, team=form.cleaned_data["team"], year=form.cleaned_data["year"]
            )
        except PcmdError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Đã lập kế hoạch theo đề xuất; có thể thêm, bớt, sắp xếp lại.")
            return redirect("establishments:plan", plan_id=plan.pk)
    return render(
        request, "establishments/plans.html", {"form": form, "plans": plan_list_for(actor=request.user)}
    )


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    try:
        plan = plan_get_for(actor=request.user, plan_id=plan_id)
    except NotFound as exc:
        raise Http404 from exc
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            version = int(request.POST.get("version", "0"))
            item = int(request.POST.get("item", "0") or 0)
            if action == "add":
                plan_add(actor=request.user, plan=plan, expected_version=version,
                         establishment_id=int(request.POST.get("establishment", "0")))  # fmt: skip
            elif action == "remove":
                plan_remove(actor=request.user, plan=plan, expected_version=version, item_id=item)
            elif action in ("up", "down"):
                plan_move(actor=request.user, plan=plan, expected_version=version, item_id=item,
                          delta=-1 if action == "up" else 1)  # fmt: skip
            else:
                raise PcmdError("Thao tác không hợp lệ.")
        except ValueError:
            messages.error(request, "Dữ liệu gửi lên không hợp lệ.")
            status = 400
        except PcmdError as exc:
            messages.error(request, exc.message)
            status = exc.status
        else:
            return redirect("establishments:plan", plan_id=plan.pk)
        plan.refresh_from_db()
    items = list(
        plan.items.select_related("establishment", "establishment__unit", "establishment__business_type")
    )
    found = []
    q = request.GET.get("q", "").strip()
    if q:
        pool = team_establishments(plan.team, plan.year).exclude(pk__in=[i.establishment_id for i in items])
        found = list(search(pool.select_related("unit"), ["name", "address"], q)[:20])
    ctx = {"plan": plan, "items": items, "cov": coverage(plan=plan), "found": found, "q": q}
    return render(request, "establishments/plan.html", ctx, status=status)
