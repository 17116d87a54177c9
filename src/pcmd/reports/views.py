from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from pcmd.core.errors import NotFound, PcmdError
from pcmd.core.forms import PcmdForm
from pcmd.reports.models import Format, Kind
from pcmd.reports.services import can_generate, report_get_for, report_request, reports_for


class ReportForm(PcmdForm):
    kind = forms.ChoiceField(label="Loại báo cáo", choices=Kind.choices)
    period = forms.CharField(label="Kỳ (2024H1, 2024; tổng kết: 2021..2025)", max_length=20,
                             error_messages={"required": "Hãy nhập kỳ báo cáo."})  # fmt: skip
    format = forms.ChoiceField(label="Định dạng", choices=Format.choices)
    plan = forms.CharField(
        label="Mã kế hoạch (để trống: kế hoạch có hiệu lực đầu kỳ)", max_length=60, required=False
    )


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    if not can_generate(request.user):
        raise Http404
    form = ReportForm(
        request.POST or None, initial={"kind": "yearly", "period": str(timezone.localdate().year - 1)}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            report_request(actor=request.user, kind=d["kind"], period=d["period"], fmt=d["format"],
                           plan=d.get("plan") or "")  # fmt: skip
        except PcmdError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Đã đưa báo cáo vào hàng đợi; tiến độ hiển thị bên dưới.")
            return redirect("reports:list")
    reports = reports_for(actor=request.user)
    running = any(r.status in ("queued", "running") for r in reports)
    template = "reports/list.html#rows" if getattr(request, "htmx", False) else "reports/list.html"
    return render(request, template, {"form": form, "reports": reports, "running": running})


@login_required
def report_download(request: HttpRequest, report_id: int) -> FileResponse:
    try:
        report = report_get_for(actor=request.user, report_id=report_id)
    except NotFound as exc:
        raise Http404 from exc
    if not report.file:
        raise Http404
    name = (report.file.name or "bao-cao").rsplit("/", 1)[-1]
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=name)
