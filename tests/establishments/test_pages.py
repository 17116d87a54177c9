from datetime import date
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from pcmd.accounts.models import Role
from pcmd.core.models import ImportBatch
from pcmd.establishments.models import Establishment
from pcmd.establishments.xlsx import COLUMNS
from tests.factories import member

pytestmark = pytest.mark.django_db
NOW = date(2025, 7, 1)


@pytest.fixture
def lead(client):
    user = member(Role.LEAD_OFFICER, "96", on=NOW)
    client.force_login(user)
    return user


def test_list_filters_search_paging_and_query_count(client, lead, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        r = client.get("/establishments/")
    body = r.content.decode()
    assert f"{Establishment.objects.count():,}".replace(",", ".") in body
    assert body.count('href="/establishments/') >= 50 and "Trang 1/" in body
    target = Establishment.objects.filter(name__contains="Đầm Dơi").first()
    r = client.get("/establishments/", {"q": "dam doi"})
    assert target.name in r.content.decode()
    never = Establishment.objects.filter(inspections__isnull=True).count()
    r = client.get("/establishments/", {"never_inspected": "on"})
    assert f'id="total">{never:,}'.replace(",", ".") in r.content.decode()


def test_commune_officer_lists_only_their_commune(client):
    officer = member(Role.LOCAL_OFFICER, "32002", on=NOW)
    client.force_login(officer)
    r = client.get("/establishments/?page=1")
    visible = Establishment.objects.filter(unit__code="32002", unit__valid_from=NOW).count()
    assert f'id="total">{visible}' in r.content.decode()
    elsewhere = (
        Establishment.objects.exclude(unit__code="32002")
        .exclude(homes__unit__path__startswith="/96/964/")
        .first()
    )
    assert client.get(f"/establishments/{elsewhere.pk}/").status_code == 404


def test_detail_timeline_and_history(client, lead, django_assert_max_num_queries):
    e = Establishment.objects.filter(inspections__violations__sanctions__isnull=False).first()
    with django_assert_max_num_queries(14):
        body = client.get(f"/establishments/{e.pk}/").content.decode()
    assert "Xử phạt:" in body and "Vi phạm:" in body and "Kiểm tra –" in body


def test_create_form_shows_vietnamese_errors(client, lead):
    r = client.post("/establishments/new/", {"name": "", "total_workers": "3", "female_workers": "5"})
    body = r.content.decode()
    assert (
        "Tên cơ sở: Trường này không được để trống." in body and "Hoạt động từ ngày: Hãy nhập ngày." in body
    )


def _xlsx(rows, header=None) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(header or [h for _, h, _ in COLUMNS])
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "co-so.xlsx"
    return out


GOOD = ["Karaoke Mới Mở", "Karaoke", "32002", "Số 9, Hùng Vương", "3009876543", "", "", "Lê Văn B", "0912000111", 8, 5,
        "không", "", "Đang hoạt động", "01/02/2025", "", ""]  # fmt: skip


def _upload_and_confirm(client, f):
    r = client.post("/establishments/import/", {"file": f})
    assert r.status_code == 302, r.content.decode()[:500]
    preview = client.get(r["Location"]).content.decode()
    done = client.post(r["Location"], {"action": "confirm"}, follow=True).content.decode()
    return preview, done


def test_import_accepts_clean_file_and_reimport_updates(client, lead):
    before = Establishment.objects.count()
    preview, done = _upload_and_confirm(client, _xlsx([GOOD]))
    assert 'thêm mới <span id="count-new">1</span>' in preview and "Đã nhập: thêm mới 1" in done
    again = [*GOOD[:9], 12, 5, *GOOD[11:]]
    preview, done = _upload_and_confirm(client, _xlsx([again]))
    assert "<td>Tổng số lao động</td><td>8</td><td>12</td>" in preview
    assert "thay đổi 1, không thay đổi 0" in done
    assert Establishment.objects.count() == before + 1
    e = Establishment.objects.get(registration_number="3009876543")
    assert e.total_workers == 12 and e.history.count() == 2 and e.homes.count() == 1


def test_import_with_one_bad_row_refused_whole_and_file_kept(client, lead):
    before = Establishment.objects.count()
    bad = [*GOOD[:3], "", *GOOD[4:]]
    bad[4] = "3009876544"
    r = client.post("/establishments/import/", {"file": _xlsx([GOOD, bad, [*GOOD[:10], 99, *GOOD[11:]]])})
    assert r.status_code == 422
    body = r.content.decode()
    assert "<td>3</td><td>Địa chỉ</td><td>không được để trống (cơ sở mới)</td>" in body
    assert "<td>4</td><td>Lao động nữ</td>" in body and "lớn hơn tổng số lao động" in body
    assert Establishment.objects.count() == before
    batch = ImportBatch.objects.get()
    assert batch.status == "refused" and batch.file.read()[:2] == b"PK"


def test_export_of_a_filtered_list(client, lead):
    r = client.get("/establishments/export.xlsx", {"status": "closed"})
    wb = load_workbook(BytesIO(b"".join(r.streaming_content)), read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "Tên cơ sở"
    assert len(rows) - 1 == Establishment.objects.filter(status="closed").count()
    assert {row[13] for row in rows[1:]} == {"Đã đóng cửa"}


def test_api_list_detail_and_inspections(client, lead):
    body = client.get("/api/v1/establishments", {"page_size": 10}).json()
    assert body["count"] == Establishment.objects.count() and len(body["results"]) == 10
    e = Establishment.objects.filter(inspections__isnull=False).first()
    detail = client.get(f"/api/v1/establishments/{e.pk}").json()
    assert len([t for t in detail["timeline"] if t["kind"] == "inspection"]) == e.inspections.count()
    rows = client.get("/api/v1/inspections", {"period": "2023Q2"}).json()
    from pcmd.establishments.models import Inspection

    assert (
        len(rows)
        == Inspection.objects.filter(
            inspected_on__gte=date(2023, 4, 1), inspected_on__lte=date(2023, 6, 30)
        ).count()
    )
    assert client.get("/api/v1/inspections", {"period": "2023Q9"}).status_code == 400
