from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from pcmd.core.errors import NotFound, PcmdError
from pcmd.core.xlsx import too_big
from pcmd.establishments.forms import (
    EstablishmentForm,
    FilterForm,
    ImportForm,
    InspectionForm,
    ReachForm,
    SanctionForm,
    ViolationForm,
)
from pcmd.establishments.policies import can_write, has_write_role
from pcmd.establishments.selectors import (
    EstablishmentFilter,
    establishment_get_for,
    establishment_list_for,
    establishment_timeline,
    inspection_get_for,
    risk_of,
    violation_get_for,
)
from pcmd.establishments.services import (
    DuplicateWarning,
    EstablishmentInput,
    InspectionInput,
    SanctionInput,
    establishment_create,
    establishment_update,
    inspection_record,
    reach_record,
    sanction_record,
    violation_record,
)
from pcmd.establishments.xlsx import (
    establishments_cancel,
    establishments_confirm,
    establishments_preview,
    export_rows,
    preview_get_for,
    template_workbook,
)

PAGE_SIZE = 50


def _filters(request: HttpRequest) -> tuple[FilterForm, EstablishmentFilter]:
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    unit = data.get("unit")
    f = EstablishmentFilter(
        q=data.get("q") or "", unit_id=unit.pk if unit else None,
        business_type_id=data["business_type"].pk if data.get("business_type") else None,
        status=data.get("status") or "", risk=data.get("risk") or "",
        active_on=timezone.localdate() if data.get("active") else None,
        never_inspected=bool(data.get("never_inspected")),
        not_inspected_year=timezone.localdate().year if data.get("not_this_year") else None,
    )  # fmt: skip
    return form, f


def _fail(form: Any, exc: PcmdError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
def establishment_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    qs = establishment_list_for(actor=request.user, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for e in page.object_list:
        e.risk = risk_of(e, today)  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "establishments/list.html", {
        "form": form, "page": page, "query": query.urlencode(), "total": page.paginator.count,
    })  # fmt: skip


@login_required
def establishment_export(request: HttpRequest) -> FileResponse:
    _, filters = _filters(request)
    qs = establishment_list_for(actor=request.user, filters=filters).select_related("business_type", "unit")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(
        export_rows(qs.iterator(chunk_size=2000)),
        as_attachment=True,
        filename=f"co-so-kinh-doanh-{stamp}.xlsx",
    )


def _input(data: dict[str, Any]) -> EstablishmentInput:
    keys = EstablishmentInput.__dataclass_fields__
    values = {k: v for k, v in data.items() if k in keys}
    for k in ("registration_number", "licence_number", "owner_name", "phone", "notes"):
        values[k] = values.get(k) or ""
    return EstablishmentInput(**values)


@login_required
def establishment_new(request: HttpRequest) -> HttpResponse:
    form = EstablishmentForm(request.POST or None, initial={"opened_on": timezone.localdate()})
    duplicates = []
    if request.method == "POST" and form.is_valid():
        try:
            e = establishment_create(actor=request.user, data=_input(form.cleaned_data),
                                     confirm_duplicate=form.cleaned_data["confirm_duplicate"])  # fmt: skip
        except DuplicateWarning as exc:
            duplicates = exc.matches
            _fail(form, exc)
        except PcmdError as exc:
            _fail(form, exc)
        else:
            messages.success(request, f"Đã thêm cơ sở «{e.name}».")
            return redirect("establishments:detail", establishment_id=e.pk)
    return render(
        request,
        "establishments/form.html",
        {"form": form, "duplicates": duplicates, "title": "Thêm cơ sở kinh doanh"},
    )


def _get(request: HttpRequest, establishment_id: int):
    try:
        return establishment_get_for(actor=request.user, establishment_id=establishment_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def establishment_edit(request: HttpRequest, establishment_id: int) -> HttpResponse:
    e = _get(request, establishment_id)
    initial = {f: getattr(e, f) for f in EstablishmentForm.base_fields if hasattr(e, f)}
    form = EstablishmentForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            establishment_update(actor=request.user, establishment_id=e.pk, data=_input(form.cleaned_data),
                                 expected_version=form.cleaned_data["version"] or 0)  # fmt: skip
        except PcmdError as exc:
            _fail(form, exc)
            status = exc.status
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("establishments:detail", establishment_id=e.pk)
    return render(
        request,
        "establishments/form.html",
        {"form": form, "title": f"Sửa «{e.name}»", "establishment": e},
        status=status,
    )


@login_required
def establishment_detail(request: HttpRequest, establishment_id: int) -> HttpResponse:
    e = _get(request, establishment_id)
    timeline = establishment_timeline(establishment=e)
    history = list(e.history.select_related("history_user").order_by("-history_date")[:20])
    return render(request, "establishments/detail.html", {
        "e": e, "timeline": timeline, "history": history, "can_write": can_write(request.user, e.unit),
        "homes": list(e.homes.select_related("unit")), "reach": list(e.reach.all()),
        "this_year": timezone.localdate().year,
    })  # fmt: skip


@login_required
def reach_edit(request: HttpRequest, establishment_id: int) -> HttpResponse:
    """Workers informed in a year (T03): a new year, or the year's figure the user opened (version checked)."""
    e = _get(request, establishment_id)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    row = e.reach.filter(year=year).first()
    initial = {"year": year} if row is None else {"year": year, "workers_reached": row.workers_reached,
                                                   "reached_on": row.reached_on, "note": row.note, "version": row.version}  # fmt: skip
    form = ReachForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            reach_record(actor=request.user, establishment_id=e.pk, **{k: v for k, v in form.cleaned_data.items()
                         if k != "version"}, expected_version=form.cleaned_data["version"])  # fmt: skip
        except PcmdError as exc:
            _fail(form, exc)
        else:
            messages.success(request, "Đã ghi số người lao động được tuyên truyền.")
            return redirect("establishments:detail", establishment_id=e.pk)
    return render(request, "establishments/subform.html", {"form": form, "e": e,
                  "title": f"Người lao động được tuyên truyền – {e.name} ({e.total_workers} lao động)"})  # fmt: skip


@login_required
def inspection_new(request: HttpRequest, establishment_id: int) -> HttpResponse:
    e = _get(request, establishment_id)
    form = InspectionForm(
        request.POST or None,
        request.FILES or None,
        initial={"inspected_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            inspection_record(actor=request.user, establishment_id=e.pk, data=InspectionInput(
                team=d["team"], inspected_at=d["inspected_at"], record_number=d["record_number"], reason=d["reason"],
                tip_reference=d["tip_reference"], documents_checked=d["documents_checked"], findings=d["findings"],
                result=d["result"], members=list(d["members"]), attachment=d.get("attachment")))  # fmt: skip
        except PcmdError as exc:
            _fail(form, exc)
        else:
            messages.success(request, "Đã ghi lượt kiểm tra.")
            return redirect("establishments:detail", establishment_id=e.pk)
    return render(
        request, "establishments/subform.html", {"form": form, "e": e, "title": "Ghi lượt kiểm tra"}
    )


@login_required
def violation_new(request: HttpRequest, inspection_id: int) -> HttpResponse:
    try:
        inspection = inspection_get_for(actor=request.user, inspection_id=inspection_id)
    except NotFound as exc:
        raise Http404 from exc
    form = ViolationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            violation_record(actor=request.user, inspection_id=inspection.pk, act=d["act"], record_number=d["record_number"],
                             description=d["description"],
                             persons={k: d[k] for k in ("owners", "workers", "buyers", "sellers", "others")})  # fmt: skip
        except PcmdError as exc:
            _fail(form, exc)
        else:
            messages.success(request, "Đã ghi vi phạm.")
            return redirect("establishments:detail", establishment_id=inspection.establishment_id)
    return render(request, "establishments/subform.html", {"form": form, "e": inspection.establishment,
                  "title": f"Ghi vi phạm – biên bản kiểm tra {inspection.record_number}"})  # fmt: skip


@login_required
def sanction_new(request: HttpRequest, violation_id: int) -> HttpResponse:
    try:
        violation = violation_get_for(actor=request.user, violation_id=violation_id)
    except NotFound as exc:
        raise Http404 from exc
    form = SanctionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            sanction_record(
                actor=request.user, violation_id=violation.pk, data=SanctionInput(**form.cleaned_data)
            )
        except PcmdError as exc:
            _fail(form, exc)
        else:
            messages.success(request, "Đã ghi quyết định xử phạt.")
            return redirect("establishments:detail", establishment_id=violation.inspection.establishment_id)
    return render(request, "establishments/subform.html", {"form": form, "e": violation.inspection.establishment,
                  "title": f"Ghi quyết định xử phạt – {violation.act.name}"})  # fmt: skip


@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    """Upload: the file is checked and kept with its preview; nothing is written before «Xác nhận»."""
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if not has_write_role(request.user):
        raise PermissionDenied("Vai trò của bạn không được nhập cơ sở kinh doanh.")
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        refusal = too_big(upload.size)
        if refusal:
            form.add_error("file", refusal)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "upload.xlsx"
                with path.open("wb") as fh:
                    for chunk in upload.chunks():
                        fh.write(chunk)
                try:
                    report = establishments_preview(path=path, original_name=upload.name, actor=request.user)
                except PcmdError as exc:
                    form.add_error("file", exc.message)
            if report is not None and report.batch.status == "preview":
                return redirect("establishments:import_preview", batch_id=report.batch.pk)
    return render(
        request,
        "establishments/import.html",
        {"form": form, "report": report},
        status=422 if report and not report.ok else 200,
    )


@login_required
def import_preview(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The preview: counts, changes old → new, conflicts side by side with a choice each; confirm or cancel."""
    try:
        batch = preview_get_for(actor=request.user, batch_id=batch_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    problem = ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel":
                establishments_cancel(actor=request.user, batch_id=batch.pk)
                messages.info(request, "Đã hủy: không nhập dòng nào.")
            else:
                choices = {int(k.removeprefix("conflict-")): str(v) for k, v in request.POST.items()
                           if k.startswith("conflict-") and k.removeprefix("conflict-").isdigit()}  # fmt: skip
                done = establishments_confirm(actor=request.user, batch_id=batch.pk, resolutions=choices)
                messages.success(request, f"Đã nhập: thêm mới {done.created_count}, thay đổi {done.updated_count}, "
                                          f"không thay đổi {done.unchanged_count}.")  # fmt: skip
            return redirect("establishments:import_preview", batch_id=batch.pk)
        except PcmdError as exc:
            problem = exc.message
        batch.refresh_from_db()
    return render(request, "establishments/import_preview.html", {"batch": batch, "s": batch.preview,
                  "problem": problem}, status=422 if problem else 200)  # fmt: skip


@login_required
def import_template(request: HttpRequest) -> FileResponse:
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    template_workbook().save(out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename="mau-nhap-co-so-kinh-doanh.xlsx")
