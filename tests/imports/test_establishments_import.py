"""The establishments import judged by what is stored afterwards (both engines: run with DATABASE_URL too)."""

from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from pcmd.accounts.models import Role
from pcmd.core.models import ImportBatch
from pcmd.core.text import normalise
from pcmd.establishments.models import Establishment, EstablishmentHome
from pcmd.establishments.xlsx import import_establishments
from tests.factories import member
from tests.imports.helpers import HEADER, row, save, workbook

pytestmark = pytest.mark.django_db
NOW = date(2025, 7, 1)


@pytest.fixture
def lead():
    return member(Role.LEAD_OFFICER, "96", on=NOW, username="lead-import")


def _full():
    """An open establishment with every optional value filled."""
    e = (
        Establishment.objects.filter(status="operating", closed_on__isnull=True, unit__valid_to__isnull=True)
        .exclude(registration_number="")
        .exclude(owner_name="")
        .select_related("unit", "business_type")
        .first()
    )
    e.phone, e.commitment_signed_on, e.has_minor_workers = "0912345678", date(2024, 3, 15), True
    e.save()
    return e


def _identity(e, **extra):
    base = dict(name=e.name, business_type=e.business_type.name, unit=e.unit.code, address=e.address,
                opened_on=e.opened_on.strftime("%d/%m/%Y"))  # fmt: skip
    return row(**{**base, **extra})


def _run(tmp_path, rows, actor, header=None, **kw):
    path = save(workbook(rows, header=header), tmp_path / "f.xlsx")
    return import_establishments(path=path, original_name="f.xlsx", actor=actor, **kw)


def _values(e):
    e.refresh_from_db()
    return {f: getattr(e, f) for f in ("registration_number", "owner_name", "phone", "total_workers",
            "female_workers", "has_minor_workers", "commitment_signed_on", "status", "closed_on", "notes")}  # fmt: skip


def test_blank_cells_keep_every_stored_value(tmp_path, lead):
    e = _full()
    before, history = _values(e), e.history.count()
    report = _run(tmp_path, [_identity(e, registration_number=e.registration_number)], lead)
    assert report.ok and report.batch.updated_count == 0 and report.batch.unchanged_count == 1
    assert _values(e) == before and e.history.count() == history


def test_absent_optional_columns_keep_stored_values_and_a_closed_establishment_stays_closed(tmp_path, lead):
    e = (
        Establishment.objects.filter(status="closed")
        .exclude(registration_number="")
        .select_related("unit", "business_type")
        .first()
    )
    before = _values(e)
    required = [
        h for h in HEADER if h in ("Tên cơ sở", "Loại hình", "Mã xã, phường", "Địa chỉ", "Hoạt động từ ngày")
    ]
    report = _run(
        tmp_path,
        [[e.name, e.business_type.name, e.unit.code, e.address, e.opened_on.strftime("%d/%m/%Y")]],
        lead,
        header=required,
    )
    assert report.ok, report.errors
    assert _values(e) == before and e.status == "closed"


def test_only_changed_columns_are_written_with_history_and_true_counts(tmp_path, lead):
    e = _full()
    before, history = _values(e), e.history.count()
    report = _run(
        tmp_path,
        [_identity(e, registration_number=e.registration_number, total_workers=before["total_workers"] + 3)],
        lead,
    )
    assert report.ok and (
        report.batch.created_count,
        report.batch.updated_count,
        report.batch.unchanged_count,
    ) == (0, 1, 0)
    after = _values(e)
    assert after == {**before, "total_workers": before["total_workers"] + 3}
    assert e.history.count() == history + 1 and e.history.first().history_user == lead
    again = _run(
        tmp_path,
        [_identity(e, registration_number=e.registration_number, total_workers=before["total_workers"] + 3)],
        lead,
    )
    assert (again.batch.updated_count, again.batch.unchanged_count) == (
        0,
        1,
    ) and e.history.count() == history + 1


def test_clear_marker_empties_an_optional_value_and_cannot_clear_a_required_one(tmp_path, lead):
    e = _full()
    report = _run(tmp_path, [_identity(e, registration_number=e.registration_number, phone="(xóa)")], lead)
    assert report.ok
    assert _values(e)["phone"] == "" and _values(e)["owner_name"] != ""
    refused = _run(tmp_path, [_identity(e, registration_number=e.registration_number, address="(xóa)")], lead)
    assert not refused.ok and "không xóa được" in refused.errors[0]["message"]
    e.refresh_from_db()
    assert e.address != ""


def test_registration_match_with_another_name_is_a_conflict_never_an_overwrite(tmp_path, lead):
    e = _full()
    name, address = e.name, e.address
    rows = [row(name="Tên Hoàn Toàn Khác", business_type=e.business_type.name, unit=e.unit.code, address="Số 1, Đường Mới",
                opened_on="01/01/2015", registration_number=e.registration_number)]  # fmt: skip
    refused = _run(tmp_path, rows, lead)
    assert not refused.ok and "xung đột" in refused.errors[0]["message"]
    assert refused.summary["conflict_rows"][0]["columns"][0][1:3] == [name, "Tên Hoàn Toàn Khác"]
    e.refresh_from_db()
    assert (e.name, e.address) == (name, address)
    kept = _run(tmp_path, rows, lead, resolutions={2: "keep"})
    e.refresh_from_db()
    assert kept.ok and (e.name, kept.batch.unchanged_count) == (name, 1)
    taken = _run(tmp_path, rows, lead, resolutions={2: "take"})
    e.refresh_from_db()
    assert taken.ok and (e.name, e.address, e.opened_on) == (
        "Tên Hoàn Toàn Khác",
        "Số 1, Đường Mới",
        date(2015, 1, 1),
    )


def test_a_name_differing_by_accents_with_its_own_registration_number_is_another_business(tmp_path, lead):
    e = _full()
    e.name, e.name_normalised = "Tóc Thủy", normalise("Tóc Thủy")
    e.save()
    count = Establishment.objects.count()
    rows = [row(name="Tóc Thúy", business_type=e.business_type.name, unit=e.unit.code, address=e.address,
                opened_on="01/01/2020", registration_number="3111111111")]  # fmt: skip
    refused = _run(tmp_path, rows, lead)
    assert not refused.ok and Establishment.objects.count() == count
    e.refresh_from_db()
    assert e.name == "Tóc Thủy" and e.registration_number != "3111111111"
    taken = _run(tmp_path, rows, lead, resolutions={2: "take"})
    assert taken.ok and taken.batch.created_count == 1 and Establishment.objects.count() == count + 1
    e.refresh_from_db()
    assert e.name == "Tóc Thủy"


def test_accent_stripped_text_never_replaces_accented_text_nor_erases_the_registration_number(tmp_path, lead):
    e = _full()
    e.name, e.name_normalised = "Karaoke Hồng Nhung", normalise("Karaoke Hồng Nhung")
    e.save()
    reg = e.registration_number
    rows = [row(name="Karaoke Hong Nhung", business_type=e.business_type.name, unit=e.unit.code,
                address=normalise(e.address), opened_on=e.opened_on.strftime("%d/%m/%Y"))]  # fmt: skip
    report = _run(tmp_path, rows, lead)
    assert report.ok, report.errors
    e.refresh_from_db()
    assert (e.name, e.registration_number, report.batch.created_count) == ("Karaoke Hồng Nhung", reg, 0)
    assert e.address != normalise(e.address)


def test_commune_change_with_a_date_re_homes_from_that_date_and_without_one_is_a_conflict(tmp_path, lead):
    e = _full()
    old = e.unit
    other = (
        Establishment.objects.filter(unit__valid_to__isnull=True)
        .exclude(unit=old)
        .select_related("unit")
        .first()
        .unit
    )
    moved = date(2026, 1, 1)
    no_date = _run(tmp_path, [_identity(e, registration_number=e.registration_number, unit=other.code)], lead)
    assert not no_date.ok and "xã, phường khác" in no_date.errors[0]["message"]
    report = _run(
        tmp_path,
        [_identity(e, registration_number=e.registration_number, unit=other.code, moved_on="01/01/2026")],
        lead,
    )
    assert report.ok, report.errors
    e.refresh_from_db()
    homes = list(EstablishmentHome.objects.filter(establishment=e).order_by("valid_from"))
    assert e.unit == other and homes[-1].unit == other and homes[-1].valid_from == moved
    assert homes[-2].unit == old and homes[-2].valid_to == moved - timedelta(days=1)


def test_commune_officer_cannot_write_outside_their_commune_and_nothing_is_stored(tmp_path):
    officer = member(Role.LOCAL_OFFICER, "32002", on=NOW)
    inside = (
        Establishment.objects.filter(unit__code="32002", unit__valid_to__isnull=True)
        .exclude(registration_number="")
        .select_related("unit", "business_type")
        .first()
    )
    outside = (
        Establishment.objects.exclude(unit__code="32002")
        .filter(unit__valid_to__isnull=True)
        .exclude(registration_number="")
        .select_related("unit", "business_type")
        .first()
    )
    count, name = Establishment.objects.count(), outside.name
    rows = [
        _identity(inside, registration_number=inside.registration_number, notes="ghi chú trong xã"),
        _identity(outside, registration_number=outside.registration_number, notes="ghi đè"),
        row(name="Cơ sở mới xã khác", business_type="Karaoke", unit=outside.unit.code, address="Số 5", opened_on="01/01/2024"),
    ]  # fmt: skip
    report = _run(tmp_path, rows, officer)
    assert not report.ok and {e["row"] for e in report.errors} == {3, 4}
    assert all("không có quyền" in e["message"] for e in report.errors)
    outside.refresh_from_db()
    inside.refresh_from_db()
    assert (
        outside.notes != "ghi đè"
        and inside.notes != "ghi chú trong xã"
        and Establishment.objects.count() == count
    )
    assert outside.name == name
    ok = _run(tmp_path, rows[:1], officer)
    inside.refresh_from_db()
    assert ok.ok and inside.notes == "ghi chú trong xã"


@pytest.mark.parametrize("role", [Role.LEADER, Role.AUDITOR, Role.DEPARTMENT_OFFICER, Role.SUPPORT_WORKER])
def test_read_only_roles_cannot_import(client, tmp_path, role):
    user = member(role, "96", on=NOW)
    client.force_login(user)
    assert client.get("/establishments/import/").status_code == 403
    path = save(
        workbook(
            [row(name="X", business_type="Karaoke", unit="32002", address="Số 1", opened_on="01/01/2024")]
        ),
        tmp_path / "f.xlsx",
    )
    with path.open("rb") as fh:
        assert client.post("/establishments/import/", {"file": fh}).status_code == 403
    assert not ImportBatch.objects.exists() and not Establishment.objects.filter(name="X").exists()


def test_cli_requires_user_records_it_and_dry_run_writes_nothing(tmp_path, lead, capsys):
    e = _full()
    path = save(
        workbook(
            [_identity(e, registration_number=e.registration_number, total_workers=e.total_workers + 1)]
        ),
        tmp_path / "f.xlsx",
    )
    with pytest.raises(CommandError):
        call_command("import_establishments", str(path))
    call_command("import_establishments", str(path), "--user", lead.username, "--dry-run")
    out = capsys.readouterr().out
    assert "thay đổi 1" in out and "Tổng số lao động:" in out and not ImportBatch.objects.exists()
    assert Establishment.objects.get(pk=e.pk).total_workers == e.total_workers
    call_command("import_establishments", str(path), "--user", lead.username)
    assert ImportBatch.objects.get().uploaded_by == lead
    assert Establishment.objects.get(pk=e.pk).total_workers == e.total_workers + 1


def test_export_of_demo_establishments_re_imports_with_no_change(client, tmp_path, lead):
    from io import BytesIO

    client.force_login(lead)
    data = b"".join(client.get("/establishments/export.xlsx").streaming_content)
    path = tmp_path / "export.xlsx"
    path.write_bytes(data)
    stamps = dict(Establishment.objects.values_list("pk", "version"))
    report = import_establishments(path=path, original_name="export.xlsx", actor=lead)
    assert report.ok, report.errors[:5]
    b = report.batch
    assert (b.created_count, b.updated_count, b.unchanged_count) == (0, 0, len(stamps))
    assert dict(Establishment.objects.values_list("pk", "version")) == stamps
    assert BytesIO(data).read(2) == b"PK"


def test_today_is_the_plausible_range_end():
    from pcmd.core.xlsx import latest_date

    today = timezone.localdate()
    assert latest_date(today).year == today.year + 1
