"""Drill: the background worker dies in the middle of a report (killed, restarted). The job does not stay
"đang tạo": it ends as failed with a Vietnamese message, no file is left half-written, and asking again works."""

from datetime import date, timedelta

import pytest

from pcmd.accounts.models import Role
from pcmd.reports import builders
from pcmd.reports.models import GeneratedReport
from pcmd.reports.services import STALE_AFTER, generate_report
from tests.factories import member

pytestmark = pytest.mark.django_db


def test_a_report_whose_worker_died_ends_failed_and_can_be_asked_again(client, settings, monkeypatch,
                                                                         django_capture_on_commit_callbacks):  # fmt: skip
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # queued, not run
    client.force_login(member(Role.LEAD_OFFICER, "96", on=date(2025, 7, 1)))
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.post("/reports/", {"kind": "half", "period": "2024H1", "format": "docx"}).status_code
            == 302
        )
    report = GeneratedReport.objects.get()

    def killed(content):  # the process dies while laying the document out: no exception handler runs
        raise SystemExit(137)

    monkeypatch.setitem(builders.BUILDERS, "docx", killed)
    from pcmd.reports import services

    monkeypatch.setitem(services.BUILDERS, "docx", killed)
    with pytest.raises(SystemExit):
        generate_report.func(report.pk)
    report.refresh_from_db()
    assert report.status == "running" and not report.file  # what a killed worker leaves behind
    assert "<progress" in client.get("/reports/").content.decode()  # still within its time: it may be slow
    GeneratedReport.objects.filter(pk=report.pk).update(
        created_at=report.created_at - STALE_AFTER - timedelta(1)
    )
    body = client.get("/reports/").content.decode()
    report.refresh_from_db()
    assert report.status == "failed" and "dừng giữa chừng" in report.message and "Hãy tạo lại" in body
    assert not report.file and f"/reports/{report.pk}/download/" not in body
    assert client.get(f"/reports/{report.pk}/download/").status_code == 404
    monkeypatch.undo()
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/reports/", {"kind": "half", "period": "2024H1", "format": "docx"})
    again = GeneratedReport.objects.exclude(pk=report.pk).get()
    assert again.status == "done" and again.file
