"""Large files: an upload limit with a clear message, and kept files of refused imports expire."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from pcmd.accounts.models import Role
from pcmd.core.models import ImportBatch
from tests.factories import member
from tests.imports.helpers import as_upload, row, save, workbook

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/establishments/import/", "/outreach/import/"])
def test_a_file_over_the_limit_is_refused_with_a_clear_message(client, tmp_path, settings, url):
    settings.PCMD_IMPORT_MAX_BYTES = 1024
    client.force_login(member(Role.LEAD_OFFICER, "96", on=date(2025, 7, 1)))
    rows = [
        row(
            name=f"Cơ sở {i}",
            business_type="Karaoke",
            unit="32002",
            address=f"Số {i}",
            opened_on="01/01/2024",
        )
        for i in range(50)
    ]
    r = client.post(url, {"file": as_upload(save(workbook(rows), tmp_path / "f.xlsx"))})
    assert "KB vượt giới hạn 1 KB cho một lần nhập" in r.content.decode() and not ImportBatch.objects.exists()


def test_refused_files_expire_after_the_retention_period_and_reports_stay(settings):
    settings.PCMD_IMPORT_RETENTION_DAYS = 30
    batches = []
    for status, age in [
        ("refused", 31),
        ("cancelled", 40),
        ("preview", 31),
        ("refused", 5),
        ("accepted", 400),
    ]:
        b = ImportBatch(kind="establishments", original_name="f.xlsx", status=status, errors=[{"row": 2}])
        b.file.save("f.xlsx", ContentFile(b"PK"), save=False)
        b.save()
        ImportBatch.objects.filter(pk=b.pk).update(created_at=timezone.now() - timedelta(days=age))
        batches.append(b)
    call_command("import_cleanup")
    kept = {b.pk: ImportBatch.objects.get(pk=b.pk) for b in batches}
    assert [bool(kept[b.pk].file) for b in batches] == [False, False, False, True, True]
    assert kept[batches[0].pk].errors == [{"row": 2}] and kept[batches[2].pk].status == "cancelled"
