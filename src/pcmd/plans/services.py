from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from pcmd.core.errors import Forbidden, PcmdError
from pcmd.core.locking import claim
from pcmd.core.uploads import EVIDENCE, check_upload
from pcmd.plans.models import Task
from pcmd.plans.selectors import task_get_for


def _check_evidence(evidence: UploadedFile) -> None:
    check_upload(evidence, allowed=EVIDENCE, field="evidence")


def task_update(
    *,
    actor: Any,
    task_id: int,
    expected_version: int,
    status: str,
    progress_note: str,
    evidence: UploadedFile | None = None,
) -> Task:
    """Update a task's progress. Refused when the actor does not own it or when someone saved it since the
    actor opened it (the version they saw is no longer the stored one): nothing is overwritten."""
    task = task_get_for(actor=actor, task_id=task_id)
    if not actor.has_perm("plans.change_task", task):
        raise Forbidden(
            "Bạn không thuộc cơ quan chủ trì, phối hợp hoặc địa bàn của nhiệm vụ này nên không được cập nhật."
        )
    if status not in Task.Status.values:
        raise PcmdError("Trạng thái không hợp lệ.", field="status")
    if evidence is not None:
        _check_evidence(evidence)
    with transaction.atomic():
        claim(task, expected_version)
        task.refresh_from_db()
        task.status = status
        task.progress_note = progress_note.strip()
        task.updated_by = actor
        if evidence is not None:
            task.evidence = evidence
        task._history_user = actor  # type: ignore[attr-defined]
        task.save()
    return task
