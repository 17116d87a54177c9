from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from pcmd.core.errors import NotFound, PcmdError
from pcmd.plans.forms import TaskProgressForm
from pcmd.plans.selectors import plan_current, plan_get, plan_overview, task_get_for, task_history
from pcmd.plans.services import task_update


@login_required
def plan_detail(request: HttpRequest, code: str | None = None) -> HttpResponse:
    plan = plan_get(code=code) if code else plan_current()
    if plan is None:
        return render(request, "plans/empty.html")
    overdue_on = timezone.localdate() if request.GET.get("overdue") else None
    overview = plan_overview(actor=request.user, plan=plan, overdue_on=overdue_on)
    return render(request, "plans/detail.html", {"o": overview})


def _task_or_404(request: HttpRequest, task_id: int):
    try:
        return task_get_for(actor=request.user, task_id=task_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _task_or_404(request, task_id)
    can_edit = request.user.has_perm("plans.change_task", task)
    form = None
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise Http404
        form = TaskProgressForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                task_update(actor=request.user, task_id=task.pk, expected_version=form.cleaned_data["version"],
                            status=form.cleaned_data["status"], progress_note=form.cleaned_data["progress_note"],
                            evidence=form.cleaned_data.get("evidence"))  # fmt: skip
            except PcmdError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
            else:
                messages.success(request, "Đã lưu tiến độ nhiệm vụ.")
                return redirect("plans:task", task_id=task.pk)
    elif can_edit:
        form = TaskProgressForm(
            initial={"version": task.version, "status": task.status, "progress_note": task.progress_note}
        )
    ctx = {"task": task, "form": form, "can_edit": can_edit, "history": task_history(task=task)}
    return render(request, "plans/task.html", ctx, status=status)


@login_required
def task_evidence(request: HttpRequest, task_id: int) -> FileResponse:
    """Evidence files are served only to users who may see the task."""
    task = _task_or_404(request, task_id)
    if not task.evidence:
        raise Http404
    return FileResponse(
        task.evidence.open("rb"), as_attachment=True, filename=task.evidence.name.rsplit("/", 1)[-1]
    )
