from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from pcmd.core.errors import PcmdError
from pcmd.outreach.forms import ActivityRecordForm, PressItemForm
from pcmd.outreach.selectors import activity_list_for, communes_without_activity, press_list
from pcmd.outreach.services import ActivityInput, activity_record, press_item_record


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    form = ActivityRecordForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            activity_record(actor=request.user, data=ActivityInput(**form.cleaned_data))
        except PcmdError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Đã ghi hoạt động tuyên truyền.")
            return redirect("outreach:activities")
    page = Paginator(activity_list_for(actor=request.user), 50).get_page(request.GET.get("page"))
    missing = list(communes_without_activity(actor=request.user, today=timezone.localdate()))
    return render(request, "outreach/activities.html", {"form": form, "page": page, "missing": missing})


@login_required
def press(request: HttpRequest) -> HttpResponse:
    form = PressItemForm(request.POST or None, initial={"published_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            press_item_record(actor=request.user, **form.cleaned_data)
        except PcmdError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Đã ghi tin, bài.")
            return redirect("outreach:press")
    page = Paginator(press_list(), 50).get_page(request.GET.get("page"))
    return render(request, "outreach/press.html", {"form": form, "page": page})
