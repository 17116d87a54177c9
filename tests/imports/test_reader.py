"""The one reader every import shares: what the user sees, every cell refused on its row with the reason, and
each kind of unreadable file named — judged by what is stored afterwards."""

import unicodedata
from datetime import date

import pytest
from openpyxl import Workbook

from pcmd.accounts.models import Role
from pcmd.core.models import ImportBatch
from pcmd.core.xlsx import cell_date, cell_int, read_all
from pcmd.establishments.importing import COLUMNS
from pcmd.establishments.models import Establishment
from pcmd.establishments.xlsx import import_establishments
from tests.factories import member
from tests.imports.helpers import HEADER, row, save, shrink_dimension, workbook

pytestmark = pytest.mark.django_db
NOW = date(2025, 7, 1)


@pytest.fixture
def lead():
    return member(Role.LEAD_OFFICER, "96", on=NOW)


def new_row(i, **extra):
    base = dict(name=f"Nhà nghỉ Thử Nghiệm {i}", business_type="Karaoke", unit="32002", address=f"Số {i}, Lý Thường Kiệt",
                opened_on="01/02/2024")  # fmt: skip
    return row(**{**base, **extra})


def _import(tmp_path, lead, rows=None, path=None):
    path = path or save(workbook(rows), tmp_path / "f.xlsx")
    return import_establishments(path=path, original_name=path.name, actor=lead)


def _stored(prefix="Nhà nghỉ Thử Nghiệm"):
    return Establishment.objects.filter(name__startswith=prefix)


def test_rows_beyond_the_declared_used_range_are_read(tmp_path, lead):
    path = save(workbook([new_row(i) for i in range(10)]), tmp_path / "f.xlsx")
    shrink_dimension(path, "A1:Q4")
    report = _import(tmp_path, lead, path=path)
    assert report.ok and report.batch.created_count == 10 and _stored().count() == 10


def test_a_hidden_first_sheet_is_never_imported(tmp_path, lead):
    wb = workbook(
        [
            row(
                name="Dữ liệu cũ bị ẩn",
                business_type="Karaoke",
                unit="32002",
                address="Số 1",
                opened_on="01/01/2020",
            )
        ],
        title="Cũ",
    )
    wb.active.sheet_state = "hidden"
    visible = wb.create_sheet("Trang nhập")
    visible.append(HEADER)
    visible.append(new_row(1))
    wb.active = 1
    report = _import(tmp_path, lead, path=save(wb, tmp_path / "f.xlsx"))
    assert (
        report.ok
        and _stored().count() == 1
        and not Establishment.objects.filter(name="Dữ liệu cũ bị ẩn").exists()
    )


def test_the_template_sheet_is_read_even_when_another_sheet_is_active(tmp_path, lead):
    wb = workbook([new_row(1)])
    other = wb.create_sheet("Ghi chú")
    other.append(["không phải dữ liệu"])
    wb.active = 1
    report = _import(tmp_path, lead, path=save(wb, tmp_path / "f.xlsx"))
    assert report.ok and _stored().count() == 1


def test_text_is_stored_nfc(tmp_path, lead):
    decomposed = unicodedata.normalize("NFD", "Nhà nghỉ Thử Nghiệm Đầm Dơi")
    report = _import(tmp_path, lead, [new_row(1, name=decomposed)])
    assert report.ok
    stored = _stored().get().name
    assert stored == unicodedata.normalize("NFC", decomposed) and unicodedata.is_normalized("NFC", stored)


@pytest.mark.parametrize("value, reason", [
    ("01/01/0023", "ngoài khoảng hợp lệ"), ("01/01/1900", "ngoài khoảng hợp lệ"), (date(1900, 1, 1), "ngoài khoảng hợp lệ"),
    ("31/02/2024", "không phải ngày hợp lệ"), (123, "không phải ngày"), (True, "TRUE/FALSE"),
])  # fmt: skip
def test_implausible_dates_are_refused_with_the_reason(tmp_path, lead, value, reason):
    report = _import(tmp_path, lead, [new_row(1, opened_on=value)])
    assert (
        not report.ok
        and reason in report.errors[0]["message"]
        and report.errors[0]["column"] == "Hoạt động từ ngày"
    )
    assert not _stored().exists()


def test_an_excel_day_number_in_a_general_cell_is_a_date(tmp_path, lead):
    report = _import(tmp_path, lead, [new_row(1, opened_on=45323)])  # 01/02/2024
    assert report.ok and _stored().get().opened_on == date(2024, 2, 1)


@pytest.mark.parametrize("value, reason", [
    (True, "TRUE/FALSE"), ("nan", "không phải là số"), ("inf", "không phải là số"),
    (2_147_483_648, "vượt quá giới hạn 2.147.483.647"), (3.5, "không phải là số nguyên"), (-1, "không âm"),
])  # fmt: skip
def test_numbers_that_cannot_be_stored_are_refused_on_their_row(tmp_path, lead, value, reason):
    report = _import(tmp_path, lead, [new_row(1), new_row(2, total_workers=value)])
    assert not report.ok
    assert [(e["row"], e["column"]) for e in report.errors] == [
        (3, "Tổng số lao động")
    ] and reason in report.errors[0]["message"]
    assert not _stored().exists()


def test_non_finite_numbers_from_other_programs_are_refused():
    for v in (float("inf"), float("nan"), float("-inf")):
        with pytest.raises(ValueError, match="NaN hoặc vô cực"):
            cell_int(v)


def test_vietnamese_thousands_are_read_as_numbers():
    assert cell_int("1.200") == 1200 and cell_int("12") == 12 and cell_int(12.0) == 12


def test_text_longer_than_the_column_is_refused_on_its_row(tmp_path, lead):
    report = _import(tmp_path, lead, [new_row(1, owner_name="A" * 151)])
    assert (
        not report.ok
        and report.errors[0]["column"] == "Chủ cơ sở"
        and "151 ký tự" in report.errors[0]["message"]
    )
    assert not _stored().exists()


def test_a_duplicated_header_is_refused(tmp_path, lead):
    header = [*HEADER, "Địa chỉ"]
    report = _import(
        tmp_path, lead, path=save(workbook([[*new_row(1), "Số khác"]], header=header), tmp_path / "f.xlsx")
    )
    assert not report.ok and "«Địa chỉ» có hai lần" in report.errors[0]["message"] and not _stored().exists()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize("content, name, said", [
    (b"PK\x03\x04 this is not really a zip", "hong.xlsx", "Tệp hỏng"),
    (OLE + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 100, "mat-khau.xlsx", "đặt mật khẩu"),
    (OLE + b"\x00" * 600, "cu.xls", "Tệp .xls"),
    ("Tên cơ sở,Loại hình\nKaraoke A,Karaoke\n".encode(), "du-lieu.csv", "Tệp CSV"),
    (b"", "rong.xlsx", "Tệp rỗng"),
])  # fmt: skip
def test_unreadable_files_are_named_as_what_they_are(tmp_path, lead, content, name, said):
    path = tmp_path / name
    path.write_bytes(content)
    report = _import(tmp_path, lead, path=path)
    assert not report.ok and said in report.errors[0]["message"]
    assert ImportBatch.objects.get().status == "refused"


def test_unreadable_files_through_the_page_never_give_a_server_error(client, tmp_path, lead):
    client.force_login(lead)
    for content in (b"PK\x03\x04xx", OLE + b"\x00" * 600, b"a,b\n1,2\n", b"\x00\x01\x02"):
        path = tmp_path / "x.xlsx"
        path.write_bytes(content)
        with path.open("rb") as fh:
            r = client.post("/establishments/import/", {"file": fh})
        assert r.status_code == 422 and "import-errors" in r.content.decode()


def test_every_row_is_read_by_the_shared_reader(tmp_path):
    wb = Workbook()
    wb.active.append(HEADER)
    for i in range(5):
        wb.active.append(new_row(i))
    rows, errors = read_all(save(wb, tmp_path / "f.xlsx"), COLUMNS)
    assert not errors and [n for n, _ in rows] == [2, 3, 4, 5, 6]


def test_cell_date_reads_dd_mm_yyyy_the_vietnamese_way():
    assert cell_date("03/02/2024") == date(2024, 2, 3) and cell_date("2024-02-03") == date(2024, 2, 3)
