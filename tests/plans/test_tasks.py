from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pcmd.accounts.models import Role
from pcmd.accounts.services import token_create
from pcmd.core.errors import Conflict, Forbidden, NotFound, PcmdError
from pcmd.geography.selectors import unit_at
from pcmd.plans.models import Task
from pcmd.plans.selectors import task_get_for, tasks_for
from pcmd.plans.services import task_update
from tests.factories import member

pytestmark = pytest.mark.django_db
NOW = date(2025, 7, 1)


@pytest.fixture
def two_communes(plan):
    """Two communes of today's structure, each with a local task, and their officers."""
    a, b = unit_at(code="32002", on=NOW), unit_at(code="32044", on=NOW)
    task_a = Task.objects.create(
        plan=plan, section="ĐP", number=1, unit=a, text="Kế hoạch của phường An Xuyên"
    )
    task_b = Task.objects.create(
        plan=plan, section="ĐP", number=1, unit=b, text="Kế hoạch của xã Nguyễn Phích"
    )
    officer_a = member(Role.LOCAL_OFFICER, "32002", on=NOW)
    return task_a, task_b, officer_a


def test_commune_officer_reads_own_and_province_tasks_not_a_neighbours(plan, two_communes):
    task_a, task_b, officer = two_communes
    visible = set(tasks_for(actor=officer, plan=plan).values_list("pk", flat=True))
    assert task_a.pk in visible and task_b.pk not in visible
    assert Task.objects.filter(plan=plan, unit=plan.province).count() == 8
    assert set(Task.objects.filter(plan=plan, unit=plan.province).values_list("pk", flat=True)) <= visible
    with pytest.raises(NotFound):
        task_get_for(actor=officer, task_id=task_b.pk)


def test_neighbours_task_is_not_found_by_page_or_api(client, two_communes):
    task_a, task_b, officer = two_communes
    client.force_login(officer)
    assert client.get(f"/plans/tasks/{task_b.pk}/").status_code == 404
    assert client.get(f"/plans/tasks/{task_a.pk}/").status_code == 200
    assert client.get(f"/api/v1/tasks/{task_b.pk}").status_code == 404
    assert client.get(f"/api/v1/tasks/{task_a.pk}").json()["text"] == task_a.text
    tasks = {t["id"] for t in client.get("/api/v1/plan").json()["tasks"]}
    assert task_a.pk in tasks and task_b.pk not in tasks
    # The neighbour's task cannot be written either: same answer as "does not exist".
    r = client.post(f"/plans/tasks/{task_b.pk}/", {"version": 1, "status": "done", "progress_note": "x"})
    assert r.status_code == 404
    assert Task.objects.get(pk=task_b.pk).status == Task.Status.NOT_STARTED


def test_api_token_carries_its_users_scope(client, two_communes):
    task_a, task_b, officer = two_communes
    _, secret = token_create(user=officer, name="máy xã")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get(f"/api/v1/tasks/{task_a.pk}", **auth).status_code == 200
    assert client.get(f"/api/v1/tasks/{task_b.pk}", **auth).status_code == 404
    r = client.get(f"/api/v1/tasks/{task_a.pk}", HTTP_AUTHORIZATION="Bearer pcmd_sai")
    assert r.status_code == 401 and "khóa API" in r.json()["detail"]


def test_update_keeps_history_and_bumps_version(two_communes):
    task_a, _, officer = two_communes
    task_update(
        actor=officer, task_id=task_a.pk, expected_version=1, status="in_progress", progress_note="Đang làm"
    )
    task = Task.objects.get(pk=task_a.pk)
    assert (task.version, task.status, task.updated_by) == (2, "in_progress", officer)
    last = task.history.order_by("-history_id").first()
    assert last.history_user == officer and last.progress_note == "Đang làm"


def test_second_save_with_stale_version_is_refused_and_nothing_overwritten(two_communes):
    task_a, _, officer = two_communes
    other = member(Role.LOCAL_OFFICER, "32002", on=NOW)
    task_update(
        actor=officer, task_id=task_a.pk, expected_version=1, status="in_progress", progress_note="Bản của A"
    )
    with pytest.raises(Conflict, match="người khác cập nhật"):
        task_update(
            actor=other, task_id=task_a.pk, expected_version=1, status="done", progress_note="Bản của B"
        )
    task = Task.objects.get(pk=task_a.pk)
    assert (task.progress_note, task.version) == ("Bản của A", 2)


def test_conflict_shown_on_the_page(client, two_communes):
    task_a, _, officer = two_communes
    client.force_login(officer)
    client.post(
        f"/plans/tasks/{task_a.pk}/", {"version": 1, "status": "in_progress", "progress_note": "lần 1"}
    )
    r = client.post(f"/plans/tasks/{task_a.pk}/", {"version": 1, "status": "done", "progress_note": "lần 2"})
    assert r.status_code == 409
    assert "người khác cập nhật" in r.content.decode()
    assert Task.objects.get(pk=task_a.pk).progress_note == "lần 1"


def test_officer_cannot_update_province_task_they_only_read(plan, two_communes):
    _, _, officer = two_communes
    province_task = Task.objects.get(plan=plan, unit=plan.province, section="II.1", number=1)
    with pytest.raises(Forbidden):
        task_update(
            actor=officer, task_id=province_task.pk, expected_version=1, status="done", progress_note="x"
        )


def test_lead_officer_updates_with_evidence_and_form_errors_are_vietnamese(client, plan):
    lead = member(Role.LEAD_OFFICER, "96", on=NOW)
    task = Task.objects.get(plan=plan, unit=plan.province, section="II.1", number=2)
    client.force_login(lead)
    r = client.post(f"/plans/tasks/{task.pk}/", {"version": 1, "status": "done", "progress_note": ""})
    assert "Nhiệm vụ hoàn thành cần ghi kết quả" in r.content.decode()
    r = client.post(f"/plans/tasks/{task.pk}/", {"version": 1, "status": "xong", "progress_note": ""})
    assert "Trạng thái" in r.content.decode() and "không hợp lệ" in r.content.decode()
    evil = SimpleUploadedFile("a.exe", b"MZ")
    r = client.post(
        f"/plans/tasks/{task.pk}/",
        {"version": 1, "status": "done", "progress_note": "Xong", "evidence": evil},
    )
    assert "Chỉ nhận tệp PDF, ảnh JPG" in r.content.decode()
    assert Task.objects.get(pk=task.pk).version == 1  # nothing half-saved
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    r = client.post(
        f"/plans/tasks/{task.pk}/", {"version": 1, "status": "done", "progress_note": "Xong", "evidence": pdf}
    )
    assert r.status_code == 302
    r = client.get(f"/plans/tasks/{task.pk}/evidence/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.4 test"


def test_service_rejects_unknown_status(plan):
    lead = member(Role.LEAD_OFFICER, "96", on=NOW)
    task = Task.objects.get(plan=plan, unit=plan.province, section="II.1", number=3)
    with pytest.raises(PcmdError) as err:
        task_update(actor=lead, task_id=task.pk, expected_version=1, status="xong", progress_note="")
    assert err.value.field == "status"
