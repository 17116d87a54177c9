"""Pages of the communication and training module. Views bind a form and call one selector or service."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from pcmd.core.errors import PcmdError
from pcmd.core.forms import form_error
from pcmd.core.history import changes
from pcmd.core.xlsx import too_big
from pcmd.outreach import selectors as sel
from pcmd.outreach import services as svc
from pcmd.outreach.forms import (
    ActivityFilterForm,
    ActivityRecordForm,
    CourseForm,
    ImportForm,
    LocalPlanForm,
    OfficialFilterForm,
    OfficialForm,
    OfficialMoveForm,
    ParticipantForm,
    PilotModelForm,
    PressItemForm,
    SchoolForm,
    SchoolYearForm,
    ZoneForm,
    ZoneYearForm,
)
from pcmd.outreach.models import CommunicationActivity, LocalPlan, PilotModel, SchoolYear, ZoneYear
from pcmd.outreach.policies import can_write
from pcmd.outreach.xlsx import (
    activities_template,
    export_activities,
    import_activities,
    import_participants,
    import_roster,
    participants_template,
    roster_template,
)

PAGE_SIZE = 50


def _submit(
    request: HttpRequest, form: Any, save: Callable[[dict[str, Any]], Any], done: str, to: str
) -> Any:
    """Validate, call the service, and on success redirect with a message; on refusal the form keeps the input
    and shows the reason on the field."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        save(form.cleaned_data)
    except PcmdError as exc:
        form_error(form, exc)
        return None
    messages.success(request, done)
    return redirect(to)


def _query(request: HttpRequest) -> str:
    return urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])


def _year(request: HttpRequest) -> int:
    try:
        y = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return y if 2000 <= y <= timezone.localdate().year else timezone.localdate().year


def _years() -> list[int]:
    return list(range(timezone.localdate().year, 2020, -1))


def _upload(request: HttpRequest, form: ImportForm, run: Callable[[Path, str], Any]) -> Any:
    if request.method != "POST" or not form.is_valid():
        return None
    upload = form.cleaned_data["file"]
    refusal = too_big(upload.size)  # the reader names .xls, .csv, encrypted and corrupt files itself
    if refusal:
        form.add_error("file", refusal)
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.xlsx"
        with path.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        return run(path, upload.name)


def _xlsx(workbook: Any, filename: str) -> FileResponse:
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename)


# --- Communication activities and press items (T01, T02) ---


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    form = ActivityRecordForm(
        request.POST or None, request.FILES or None, initial={"held_on": timezone.localdate()}
    )
    done = _submit(request, form, lambda d: svc.activity_record(actor=request.user, data=_activity_input(d)),
                   "Đã ghi hoạt động tuyên truyền.", "outreach:activities")  # fmt: skip
    if done:
        return done
    filters = ActivityFilterForm(request.GET or None)
    f = filters.cleaned_data if filters.is_valid() else {}
    qs = sel.activity_list_for(
        actor=request.user,
        unit_id=f["unit"].pk if f.get("unit") else None,
        period=f.get("period"),
        form_id=f["form"].pk if f.get("form") else None,
        target_group=f.get("target_group") or "",
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    missing = list(sel.communes_without_activity(actor=request.user, today=timezone.localdate()))
    return render(request, "outreach/activities.html", {"form": form, "page": page, "missing": missing,
                  "filters": filters, "query": _query(request), "may_write": can_write(request.user)})  # fmt: skip


def _activity_input(d: dict[str, Any]) -> svc.ActivityInput:
    refs = d.pop("establishment_refs", "")
    return svc.ActivityInput(**d, establishments=svc.establishments_by_refs(unit=d["unit"], text=refs))


@login_required
def activity_evidence(request: HttpRequest, pk: int) -> FileResponse:
    a = sel.record_get_for(actor=request.user, model=CommunicationActivity, pk=pk)
    if not a.evidence:
        raise Http404
    return FileResponse(a.evidence.open("rb"), as_attachment=True, filename=Path(a.evidence.name).name)


@login_required
def activity_export(request: HttpRequest) -> FileResponse:
    filters = ActivityFilterForm(request.GET or None)
    f = filters.cleaned_data if filters.is_valid() else {}
    qs = sel.activity_list_for(actor=request.user, unit_id=f["unit"].pk if f.get("unit") else None,
                               period=f.get("period"), form_id=f["form"].pk if f.get("form") else None,
                               target_group=f.get("target_group") or "")  # fmt: skip
    return FileResponse(export_activities(qs.prefetch_related("establishments").iterator(chunk_size=2000)), as_attachment=True,
                        filename="hoat-dong-tuyen-truyen.xlsx")  # fmt: skip


@login_required
def activity_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    report = _upload(
        request, form, lambda p, name: import_activities(path=p, original_name=name, actor=request.user)
    )
    return render(request, "outreach/import.html", {"form": form, "report": report, "title": "Nhập hoạt động tuyên truyền từ Excel",
                  "template_url": "outreach:activity_template", "back": "outreach:activities"},
                  status=422 if report and not report.ok else 200)  # fmt: skip


@login_required
def activity_template(request: HttpRequest) -> FileResponse:
    return _xlsx(activities_template(), "mau-nhap-hoat-dong-tuyen-truyen.xlsx")


@login_required
def press(request: HttpRequest) -> HttpResponse:
    form = PressItemForm(request.POST or None, initial={"published_on": timezone.localdate()})
    done = _submit(request, form, lambda d: svc.press_item_record(actor=request.user, **d), "Đã ghi tin, bài.",
                   "outreach:press")  # fmt: skip
    if done:
        return done
    page = Paginator(sel.press_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "outreach/press.html", {"form": form, "page": page})


# --- Industrial zones and schools: yearly counts and reach (T04, T05) ---


@login_required
def reach(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    action = request.POST.get("action", "")
    forms = {
        "zone": ZoneForm(request.POST if action == "zone" else None, prefix="zone"),
        "zone_year": ZoneYearForm(
            request.POST if action == "zone_year" else None, prefix="zy", initial={"year": year}
        ),
        "school": SchoolForm(request.POST if action == "school" else None, prefix="school"),
        "school_year": SchoolYearForm(
            request.POST if action == "school_year" else None, prefix="sy", initial={"year": year}
        ),
    }
    savers: dict[str, Callable[[dict[str, Any]], Any]] = {
        "zone": lambda d: svc.zone_create(actor=request.user, name=d["name"], unit=d["unit"]),
        "zone_year": lambda d: svc.zone_year_record(actor=request.user, **_without_version(d)),
        "school": lambda d: svc.school_create(actor=request.user, **d),
        "school_year": lambda d: svc.school_year_record(actor=request.user, **_without_version(d)),
    }
    if action in forms:
        done = _submit(request, forms[action], savers[action], "Đã lưu.", f"/outreach/reach/?year={year}")
        if done:
            return done
    return render(request, "outreach/reach.html", {
        "year": year, "years": _years(), "forms": forms, "may_write": can_write(request.user),
        "zones": list(sel.zone_years_for(actor=request.user, year=year)),
        "schools": list(sel.school_years_for(actor=request.user, year=year)),
        "missing": sel.missing_years(actor=request.user, year=year),
    })  # fmt: skip


def _without_version(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k != "version"}


def _lock(form: Any, *names: str) -> Any:
    """What identifies a yearly record is shown but not editable (a new year is a new record)."""
    for n in names:
        form.fields[n].disabled = True
    return form


# kind: (model, path to the unit, form, what the figure is of, the figures, service)
YEARLY: dict[str, tuple[Any, str, Any, str, tuple[str, ...], Callable[..., Any]]] = {
    "zone": (ZoneYear, "zone__unit__", ZoneYearForm, "zone", ("workers", "workers_reached", "source"),
             svc.zone_year_record),
    "school": (SchoolYear, "school__unit__", SchoolYearForm, "school", ("enrolled", "students_reached", "source"),
               svc.school_year_record),
}  # fmt: skip


@login_required
def yearly_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Edit a zone's or a school's figures of one year (version checked; the zone or school and the year stay)."""
    model, path, form_class, owner, figures, record = YEARLY[kind]
    row = sel.record_get_for(actor=request.user, model=model, pk=pk, unit_path=path)
    thing = getattr(row, owner)
    initial = {
        owner: thing,
        "year": row.year,
        "version": row.version,
        **{f: getattr(row, f) for f in figures},
    }
    form = _lock(form_class(request.POST or None, initial=initial), owner, "year")
    back = f"/outreach/reach/?year={row.year}"
    done = _submit(request, form, lambda d: record(actor=request.user, **{owner: thing}, year=row.year,
                   **{f: d[f] for f in figures}, expected_version=d["version"]), "Đã cập nhật số liệu.", back)  # fmt: skip
    return done or _edit_page(request, form, row, f"{thing.name} – năm {row.year}", back)


def _edit_page(
    request: HttpRequest, form: Any, row: Any, title: str, back: str, **extra: Any
) -> HttpResponse:
    status = 409 if request.method == "POST" and form.non_field_errors() else 200
    return render(request, "outreach/edit.html", {"form": form, "row": row, "title": title, "back": back,
                  "history": changes(row), **extra}, status=status)  # fmt: skip


# --- Local plans (T06, T07) ---


@login_required
def plans(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    level = request.GET.get("level", "")
    level = level if level in ("district", "commune") else ""
    form = LocalPlanForm(request.POST or None, request.FILES or None, initial={"year": year})
    done = _submit(
        request,
        form,
        (
            lambda d: svc.local_plan_record(
                actor=request.user,
                data=svc.LocalPlanInput(**{k: v for k, v in d.items() if k not in ("version", "file")}),
                file=d.get("file"),
            )
        ),
        "Đã ghi kế hoạch.",
        f"/outreach/plans/?year={year}",
    )
    if done:
        return done
    rows = sel.local_plans_for(actor=request.user, year=year, level=level)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    target_level = sel.plan_level(year)
    return render(request, "outreach/plans.html", {
        "form": form, "page": page, "year": year, "years": _years(), "level": level, "query": _query(request),
        "target_level": target_level, "may_write": can_write(request.user),
        "without": list(sel.units_without_plan(actor=request.user, year=year, level=target_level)),
    })  # fmt: skip


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    row = sel.record_get_for(actor=request.user, model=LocalPlan, pk=pk)
    initial = {"unit": row.unit, "year": row.year, "document_number": row.document_number, "issued_on": row.issued_on,
               "activities_organised": row.activities_organised, "integrated_with": list(row.integrated_with.all()),
               "note": row.note, "version": row.version}  # fmt: skip
    form = _lock(LocalPlanForm(request.POST or None, request.FILES or None, initial=initial), "unit", "year")
    done = _submit(
        request,
        form,
        (
            lambda d: svc.local_plan_record(
                actor=request.user,
                data=svc.LocalPlanInput(
                    **{
                        **{k: v for k, v in d.items() if k not in ("version", "file")},
                        "unit": row.unit,
                        "year": row.year,
                    }
                ),
                file=d.get("file"),
                expected_version=d["version"],
            )
        ),
        "Đã cập nhật kế hoạch.",
        f"/outreach/plans/?year={row.year}",
    )
    return done or _edit_page(request, form, row, f"Kế hoạch {row.document_number} – {row.unit.name}, năm {row.year}",
                              f"/outreach/plans/?year={row.year}")  # fmt: skip


@login_required
def plan_file(request: HttpRequest, pk: int) -> FileResponse:
    row = sel.record_get_for(actor=request.user, model=LocalPlan, pk=pk)
    if not row.file:
        raise Http404
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=Path(row.file.name).name)


# --- Pilot models (T12) ---


@login_required
def pilot_models(request: HttpRequest) -> HttpResponse:
    form = PilotModelForm(request.POST or None)

    done = _submit(request, form, lambda d: svc.pilot_model_record(
        actor=request.user, data=svc.PilotModelInput(**_without_version(d))), "Đã ghi mô hình thí điểm.", "outreach:models")  # fmt: skip
    if done:
        return done
    status = request.GET.get("status", "")
    status = status if status in PilotModel.Status.values else ""
    page = Paginator(sel.pilot_models_for(actor=request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "outreach/models.html", {"form": form, "page": page, "status": status,
                  "statuses": PilotModel.Status.choices, "may_write": can_write(request.user)})  # fmt: skip


@login_required
def pilot_model_edit(request: HttpRequest, pk: int) -> HttpResponse:
    row = sel.record_get_for(actor=request.user, model=PilotModel, pk=pk)
    fields = [
        "kind",
        "name",
        "unit",
        "started_on",
        "ended_on",
        "status",
        "sites",
        "participants",
        "results",
        "version",
    ]
    form = PilotModelForm(request.POST or None, initial={f: getattr(row, f) for f in fields})
    done = _submit(
        request,
        form,
        (
            lambda d: svc.pilot_model_record(
                actor=request.user,
                data=svc.PilotModelInput(**_without_version(d)),
                model=row,
                expected_version=d["version"],
            )
        ),
        "Đã cập nhật mô hình.",
        "outreach:models",
    )
    return done or _edit_page(request, form, row, row.name, "/outreach/models/")


# --- Training: roster, courses, participants (T14) ---


@login_required
def training(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "")
    official_form = OfficialForm(request.POST if action == "official" else None, prefix="o")
    course_form = CourseForm(request.POST if action == "course" else None, prefix="c")
    if action == "official":
        done = _submit(
            request,
            official_form,
            (
                lambda d: svc.official_record(
                    actor=request.user, data=svc.OfficialInput(**_without_version(d))
                )
            ),
            "Đã thêm cán bộ vào danh sách.",
            "outreach:training",
        )
    elif action == "course":
        done = _submit(
            request,
            course_form,
            (lambda d: svc.course_record(actor=request.user, data=svc.CourseInput(**_without_version(d)))),
            "Đã ghi lớp tập huấn.",
            "outreach:training",
        )
    else:
        done = None
    if done:
        return done
    filters = OfficialFilterForm(request.GET or None)
    f = filters.cleaned_data if filters.is_valid() else {}
    roster = sel.officials_for(actor=request.user, level=f.get("level") or "", name=f.get("name") or "",
                               current=bool(f.get("current")))  # fmt: skip
    page = Paginator(roster, PAGE_SIZE).get_page(request.GET.get("page"))
    year = request.GET.get("course_year", "")
    courses = sel.courses_for(actor=request.user, year=int(year) if year.isdigit() else None)
    return render(request, "outreach/training.html", {
        "official_form": official_form, "course_form": course_form, "filters": filters, "page": page,
        "query": _query(request), "courses": courses[:100], "course_year": year, "years": _years(),
        "may_write": can_write(request.user),
    })  # fmt: skip


@login_required
def official(request: HttpRequest, pk: int) -> HttpResponse:
    row = sel.official_get_for(actor=request.user, official_id=pk)
    action = request.POST.get("action", "")
    fields = ["full_name", "unit", "agency", "position", "active_from", "active_to", "version"]
    form = OfficialForm(
        request.POST if action == "edit" else None, initial={f: getattr(row, f) for f in fields}
    )
    move = OfficialMoveForm(
        request.POST if action == "move" else None, prefix="m", initial={"version": row.version}
    )
    if action == "edit":
        done = _submit(
            request,
            form,
            (
                lambda d: svc.official_record(
                    actor=request.user,
                    data=svc.OfficialInput(**_without_version(d)),
                    official=row,
                    expected_version=d["version"],
                )
            ),
            "Đã cập nhật.",
            f"/outreach/training/officials/{pk}/",
        )
    elif action == "move":
        new: list[Any] = []
        done = _submit(
            request,
            move,
            (
                lambda d: new.append(
                    svc.official_move(
                        actor=request.user,
                        official=row,
                        unit=d["unit"],
                        on=d["on"],
                        expected_version=d["version"],
                    )
                )
            ),
            "Đã chuyển đơn vị; các lớp đã dự vẫn được tính.",
            "outreach:training",
        )
        if done and new:
            return redirect("outreach:official", pk=new[0].pk)
    else:
        done = None
    if done:
        return done
    attended = row.participations.select_related("course").order_by("-course__starts_on")
    earlier = row.previous.participations.select_related("course") if row.previous else []
    return _edit_page(request, form, row, f"{row.full_name} ({row.code})", "/outreach/training/", move=move,
                      attended=attended, earlier=earlier, edit_action="edit")  # fmt: skip


@login_required
def course(request: HttpRequest, pk: int) -> HttpResponse:
    c = sel.course_get_for(actor=request.user, course_id=pk)
    action = request.POST.get("action", "")
    fields = ["title", "starts_on", "ends_on", "level", "organiser", "unit", "topics", "version"]
    edit = CourseForm(request.POST if action == "edit" else None, initial={f: getattr(c, f) for f in fields})
    add = ParticipantForm(request.POST if action == "add" else None, course=c, prefix="p")
    upload = ImportForm(request.POST if action == "import" else None, request.FILES if action == "import" else None,
                        prefix="i")  # fmt: skip
    here = f"/outreach/training/courses/{pk}/"
    report, done = None, None
    if action == "edit":
        done = _submit(
            request,
            edit,
            (
                lambda d: svc.course_record(
                    actor=request.user,
                    data=svc.CourseInput(**_without_version(d)),
                    course=c,
                    expected_version=d["version"],
                )
            ),
            "Đã cập nhật lớp.",
            here,
        )
    elif action == "add":
        done = _submit(
            request,
            add,
            (lambda d: svc.participants_add(actor=request.user, course=c, officials=[d["official"]])),
            "Đã thêm học viên.",
            here,
        )
    elif action == "import":
        report = _upload(request, upload, lambda p, name: import_participants(
            path=p, original_name=name, actor=request.user, course=c))  # fmt: skip
        if report and report.ok:
            messages.success(request, f"Đã nhập {report.batch.created_count} học viên.")
            return redirect(here)
    if done:
        return done
    participants = c.participations.select_related("official__unit").order_by("official__full_name")
    status = 422 if report and not report.ok else 200
    return render(request, "outreach/course.html", {"course": c, "edit": edit, "add": add, "upload": upload,
                  "report": report, "participants": participants, "history": changes(c),
                  "may_write": can_write(request.user)}, status=status)  # fmt: skip


@login_required
def participants_xlsx_template(request: HttpRequest, pk: int) -> FileResponse:
    c = sel.course_get_for(actor=request.user, course_id=pk)
    return _xlsx(participants_template(c), f"mau-hoc-vien-lop-{c.pk}.xlsx")


@login_required
def roster_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    report = _upload(
        request, form, lambda p, name: import_roster(path=p, original_name=name, actor=request.user)
    )
    return render(request, "outreach/import.html", {"form": form, "report": report, "kind": "roster",
                  "title": "Nhập danh sách cán bộ từ Excel", "template_url": "outreach:roster_template",
                  "back": "outreach:training"}, status=422 if report and not report.ok else 200)  # fmt: skip


@login_required
def roster_xlsx_template(request: HttpRequest) -> FileResponse:
    return _xlsx(roster_template(), "mau-danh-sach-can-bo.xlsx")
