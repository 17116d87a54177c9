"""Preview, then confirm: nothing is written before «Xác nhận», each conflict needs a choice, a cancelled or
stale preview writes nothing, and only the uploader sees it."""

from datetime import date

import pytest

from pcmd.accounts.models import Role
from pcmd.core.models import ImportBatch
from pcmd.establishments.models import Establishment
from tests.factories import member
from tests.imports.helpers import as_upload, row, save, workbook

pytestmark = pytest.mark.django_db
NOW = date(2025, 7, 1)


@pytest.fixture
def lead(client):
    user = member(Role.LEAD_OFFICER, "96", on=NOW)
    client.force_login(user)
    return user


def _target():
    return (
        Establishment.objects.exclude(registration_number="")
        .filter(unit__valid_to__isnull=True)
        .select_related("unit", "business_type")
        .first()
    )


def _rows(e):
    conflict = row(name="Tên Khác Hẳn", business_type=e.business_type.name, unit=e.unit.code, address=e.address,
                   opened_on=e.opened_on.strftime("%d/%m/%Y"), registration_number=e.registration_number)  # fmt: skip
    new = row(
        name="Cơ Sở Xem Trước", business_type="Karaoke", unit="32002", address="Số 3", opened_on="01/01/2024"
    )
    return [conflict, new]


def _upload(client, tmp_path, rows):
    r = client.post("/establishments/import/", {"file": as_upload(save(workbook(rows), tmp_path / "f.xlsx"))})
    assert r.status_code == 302
    return r["Location"]


def test_nothing_is_written_before_confirming_and_a_conflict_needs_a_choice(client, tmp_path, lead):
    e = _target()
    url = _upload(client, tmp_path, _rows(e))
    body = client.get(url).content.decode()
    assert (
        'xung đột <span id="count-conflicts">1</span>' in body
        and f"<td>Tên cơ sở</td><td>{e.name}</td><td>Tên Khác Hẳn</td>" in body
    )
    assert not Establishment.objects.filter(name="Cơ Sở Xem Trước").exists()
    r = client.post(url, {"action": "confirm"})
    assert r.status_code == 422 and "Hãy chọn cách xử lý" in r.content.decode()
    assert not Establishment.objects.filter(name="Cơ Sở Xem Trước").exists()
    r = client.post(url, {"action": "confirm", "conflict-2": "take"}, follow=True)
    assert "Đã nhập: thêm mới 1, thay đổi 1" in r.content.decode()
    e.refresh_from_db()
    assert e.name == "Tên Khác Hẳn" and Establishment.objects.filter(name="Cơ Sở Xem Trước").count() == 1
    assert ImportBatch.objects.get().status == "accepted"
    assert client.post(url, {"action": "confirm", "conflict-2": "take"}).status_code == 422  # only once


def test_keeping_the_stored_version_leaves_it_untouched(client, tmp_path, lead):
    e = _target()
    url = _upload(client, tmp_path, _rows(e))
    client.post(url, {"action": "confirm", "conflict-2": "keep"})
    e.refresh_from_db()
    assert e.name != "Tên Khác Hẳn" and Establishment.objects.filter(name="Cơ Sở Xem Trước").count() == 1


def test_cancel_writes_nothing(client, tmp_path, lead):
    e = _target()
    url = _upload(client, tmp_path, _rows(e))
    client.post(url, {"action": "cancel"})
    assert (
        ImportBatch.objects.get().status == "cancelled"
        and not Establishment.objects.filter(name="Cơ Sở Xem Trước").exists()
    )


def test_a_preview_made_stale_by_an_edit_is_shown_again_not_written(client, tmp_path, lead):
    e = _target()
    row_ = row(name=e.name, business_type=e.business_type.name, unit=e.unit.code, address=e.address,
               opened_on=e.opened_on.strftime("%d/%m/%Y"), registration_number=e.registration_number, total_workers=e.total_workers + 5)  # fmt: skip
    url = _upload(client, tmp_path, [row_])
    Establishment.objects.filter(pk=e.pk).update(total_workers=e.total_workers + 1)  # someone edits meanwhile
    r = client.post(url, {"action": "confirm"})
    assert r.status_code == 422 and "Dữ liệu đã thay đổi" in r.content.decode()
    assert Establishment.objects.get(pk=e.pk).total_workers == e.total_workers + 1
    assert f"<td>{e.total_workers + 1}</td><td>{e.total_workers + 5}</td>" in r.content.decode()


def test_only_the_uploader_sees_the_preview(client, tmp_path, lead):
    url = _upload(client, tmp_path, _rows(_target()))
    client.force_login(member(Role.LEAD_OFFICER, "96", on=NOW))
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "confirm", "conflict-2": "take"}).status_code == 404
