"""Data coverage: which units' records PCMD holds, and from when."""

from datetime import date

import pytest

from pcmd.core.errors import PcmdError
from pcmd.geography.coverage import coverage_map, coverage_set
from pcmd.geography.models import AdminUnit, Coverage, UnitLineage

pytestmark = pytest.mark.django_db
REFORM = date(2025, 7, 1)


def test_the_communes_of_former_bac_lieu_are_covered_from_the_merger():
    # Independent count: communes of today's province formed from a commune of province 95 (Bạc Liêu).
    from_bac_lieu = {
        new for new, old_path, old_level in UnitLineage.objects.values_list("new_id", "old__path", "old__level")
        if old_path.startswith("/95/") and old_level == "commune"
        and AdminUnit.objects.get(pk=new).path.startswith("/96/")
    }  # fmt: skip
    cov = coverage_map()
    assert len(from_bac_lieu) == 25
    assert set(cov) == from_bac_lieu and set(cov.values()) == {REFORM}


def test_a_coverage_day_outside_the_unit_validity_is_refused_naming_the_field():
    unit = AdminUnit.objects.get(pk=next(iter(coverage_map())))
    with pytest.raises(PcmdError) as exc:
        coverage_set(actor=None, code=unit.code, on=REFORM, covered_from=date(2024, 1, 1))
    assert exc.value.field == "covered_from" and "có số liệu từ ngày" in exc.value.message
    assert "01/01/2024" in exc.value.message and unit.name in exc.value.message
    assert Coverage.objects.get(unit=unit).covered_from == REFORM  # nothing saved
    coverage_set(actor=None, code=unit.code, on=REFORM, covered_from=date(2025, 10, 1))
    assert Coverage.objects.get(unit=unit).covered_from == date(2025, 10, 1)


def test_the_command_sets_lists_and_clears_and_refuses_a_bad_day():
    from io import StringIO

    from django.core.management import CommandError, call_command

    unit = AdminUnit.objects.get(pk=next(iter(coverage_map())))
    out = StringIO()
    call_command("coverage", "list", stdout=out)
    assert out.getvalue().count("\n") == 25 and unit.name in out.getvalue()
    with pytest.raises(CommandError, match="có số liệu từ ngày"):
        call_command("coverage", "set", unit.code, "--from", "2020-01-01", "--on", "2025-07-01")
    assert Coverage.objects.get(unit=unit).covered_from == REFORM
    call_command("coverage", "clear", unit.code, "--on", "2025-07-01", stdout=StringIO())
    assert not Coverage.objects.filter(unit=unit).exists()
    with pytest.raises(CommandError, match=r"unit|đơn vị"):
        call_command("coverage", "set", "00000", "--from", "2025-08-01")


def test_the_admin_page_refuses_a_day_outside_the_unit_validity(client):
    from pcmd.accounts.models import Role
    from tests.factories import member

    admin_user = member(Role.ADMINISTRATOR, "96", on=REFORM, is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    row = Coverage.objects.select_related("unit").first()
    url = f"/admin/geography/coverage/{row.pk}/change/"
    r = client.post(url, {"unit": row.unit_id, "covered_from": "01/01/2024", "source": "x"})
    body = r.content.decode()
    assert r.status_code == 200 and "có số liệu từ ngày" in body and "nằm ngoài thời gian hiệu lực" in body
    row.refresh_from_db()
    assert row.covered_from == REFORM
