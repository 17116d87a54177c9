"""Any write that can change a figure moves the data version: no hand-kept list of apps."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.db.models.signals import post_delete, post_save

from pcmd.accounts.models import Role
from pcmd.core.dataversion import stamp
from pcmd.indicators.invalidation import is_figure_source, watched_models
from tests.factories import member

pytestmark = pytest.mark.django_db


def _t10_2023(body: str) -> tuple[str, str]:
    """(target text, status class) of the province's T10 2023 cell, read under its header."""
    row = body[body.index('id="row-T10"') : body.index("</tr>", body.index('id="row-T10"'))]
    target = re.search(r"</th><td>([^<]*)</td>", row)
    cell = re.search(r'<td class="st st-([a-z_]+)"[^>]*><a [^>]*data-year="2023"', row)
    assert target and cell, row
    return target.group(1), cell.group(1)


def test_a_target_edit_shows_on_the_dashboard_at_once(client):
    from pcmd.plans.models import Target

    client.force_login(member(Role.LEADER, "96", on=date(2025, 7, 1)))
    target_text, status = _t10_2023(client.get("/").content.decode())
    assert status == "achieved", target_text
    t = Target.objects.get(indicator__code="T10", indicator__objective__plan__code="ca-mau-165-2021")
    t.value = Decimal("100")  # as the admin's inline form saves it
    t.save()
    target_text, status = _t10_2023(client.get("/").content.decode())
    assert target_text.endswith("100") and status == "not_achieved"


@pytest.mark.parametrize(
    "label",
    ["plans.Target", "plans.Indicator", "plans.IndicatorLevel", "plans.Plan", "geography.AdminUnit",
     "geography.UnitLineage", "core.CalendarException", "tips.ClockRule", "establishments.Establishment",
     "establishments.BusinessType", "outreach.RegularityRule", "support.Service"],
)  # fmt: skip
def test_every_model_under_a_figure_is_watched(label):
    model = apps.get_model(label)
    assert post_save.has_listeners(model) and post_delete.has_listeners(model)


def test_only_models_that_say_so_are_left_out():
    """A model added to any PCMD app is watched unless it declares `figure_source = False`."""
    pcmd = [m for m in apps.get_models() if apps.get_app_config(m._meta.app_label).name.startswith("pcmd.")]
    left_out = {
        m._meta.label
        for m in pcmd
        if not is_figure_source(m) and not m._meta.model_name.startswith("historical")
    }
    assert left_out == {
        "core.ImportBatch", "core.DataVersion", "core.FieldKeyCheck", "core.Notification", "accounts.User",
        "accounts.Membership", "accounts.ApiToken", "support.Staff", "audit.AccessLog", "reports.GeneratedReport",
    }  # fmt: skip
    assert all(m._meta.label not in left_out for m in watched_models())


def test_a_calendar_exception_moves_the_version():
    from pcmd.core.models import CalendarException

    before = stamp()[0]
    CalendarException.objects.create(day=date(2026, 12, 30), kind=CalendarException.Kind.DAY_OFF)
    assert stamp()[0] > before
