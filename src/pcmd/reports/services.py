"""Generate reports: queued as a background task with progress, or at once from the command line. Every
generated file is kept with the data version it was made from."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from pcmd.accounts.models import Role
from pcmd.accounts.scoping import scope_for
from pcmd.core.errors import Forbidden, PcmdError
from pcmd.reports.builders import BUILDERS
from pcmd.reports.content import ReportError, build, resolve
from pcmd.reports.models import Format, GeneratedReport, Kind

ALLOWED = (Role.LEAD_OFFICER, Role.LEADER, Role.ADMINISTRATOR)
STALE_AFTER = timedelta(minutes=30)  # a report takes seconds; a job older than this has lost its worker
STALE_MESSAGE = ("Tiến trình tạo báo cáo đã dừng giữa chừng (máy chủ hoặc tiến trình nền bị khởi động lại); "
                 "không có tệp nào được lưu. Hãy tạo lại báo cáo.")  # fmt: skip


def can_generate(actor: Any) -> bool:
    scope = scope_for(actor, roles=ALLOWED)
    return scope.everything


def report_request(*, actor: Any, kind: str, period: str, fmt: str, plan: str = "") -> GeneratedReport:
    if not can_generate(actor):
        raise Forbidden("Chỉ cán bộ cơ quan thường trực, lãnh đạo và quản trị cấp tỉnh được tạo báo cáo.")
    if kind not in Kind.values:
        raise PcmdError("Loại báo cáo không hợp lệ.", field="kind")
    if fmt not in Format.values:
        raise PcmdError("Định dạng không hợp lệ.", field="format")
    try:
        chosen, p = resolve(kind, period, plan)
    except ReportError as exc:
        raise PcmdError(str(exc), field="plan" if "kế hoạch mã" in str(exc) else "period") from exc
    report = GeneratedReport.objects.create(kind=kind, period=p.code, plan=chosen.code, format=fmt,
                                            requested_by=actor)  # fmt: skip
    transaction.on_commit(lambda: generate_report.enqueue(report.pk))
    return report


def _progress(report: GeneratedReport, pct: int, step: str, **extra: Any) -> None:
    GeneratedReport.objects.filter(pk=report.pk).update(progress=pct, step=step, **extra)


def render_report(report: GeneratedReport) -> bytes:
    _progress(report, 10, "Tính các chỉ tiêu", status=GeneratedReport.Status.RUNNING)
    content = build(kind=report.kind, period_text=report.period, plan=report.plan)
    _progress(report, 60, "Dàn trang theo Nghị định 30/2020/NĐ-CP")
    data = BUILDERS[report.format](content)
    _progress(report, 90, "Lưu tệp")
    name = f"bao-cao-{report.kind}-{report.period.replace('..', '-')}.{report.format}"
    report.file.save(name, ContentFile(data), save=False)
    report.data_version = content.data_version
    report.status, report.progress, report.step = GeneratedReport.Status.DONE, 100, "Hoàn thành"
    report.finished_at = timezone.now()
    report.save()
    return data


@task()
def generate_report(report_id: int) -> None:
    report = GeneratedReport.objects.get(pk=report_id)
    try:
        render_report(report)
    except Exception as exc:  # the page shows the failure; the log keeps the trace
        import logging

        logging.getLogger(__name__).exception("report %s failed", report_id)
        GeneratedReport.objects.filter(pk=report_id).update(
            status=GeneratedReport.Status.FAILED,
            message=f"Không tạo được báo cáo: {exc}",
            finished_at=timezone.now(),
        )


def fail_stale(*, now: Any = None) -> int:
    """Jobs whose worker died (killed, restarted) end as failed with a Vietnamese message instead of staying
    "đang tạo" forever; a file half-saved by them is removed. Returns how many."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    stale = list(GeneratedReport.objects.filter(status__in=[GeneratedReport.Status.QUEUED,
                                                            GeneratedReport.Status.RUNNING], created_at__lt=cutoff))  # fmt: skip
    for report in stale:
        if report.file:
            report.file.delete(save=False)
        report.status, report.message, report.finished_at = (
            GeneratedReport.Status.FAILED,
            STALE_MESSAGE,
            timezone.now(),
        )
        report.save(update_fields=["status", "message", "finished_at", "file"])
    return len(stale)


def reports_for(*, actor: Any) -> list[GeneratedReport]:
    if not can_generate(actor):
        return []
    fail_stale()
    return list(GeneratedReport.objects.select_related("requested_by")[:50])


def report_get_for(*, actor: Any, report_id: int) -> GeneratedReport:
    from pcmd.core.errors import NotFound

    report = GeneratedReport.objects.filter(pk=report_id).first() if can_generate(actor) else None
    if report is None:
        raise NotFound()
    return report
