import math
from datetime import date

import pytest

from pcmd.accounts.models import Role
from pcmd.core.errors import Conflict, PcmdError
from pcmd.establishments.models import Establishment, Inspection, InspectionTeam
from pcmd.establishments.planner import (
    candidates,
    coverage,
    plan_add,
    plan_create,
    plan_move,
    plan_remove,
    propose,
)
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return InspectionTeam.objects.get(level="province")


@pytest.fixture
def lead():
    return member(Role.LEAD_OFFICER, "96", on=date(2025, 7, 1))


def _active(d):
    return {
        e.pk
        for e in Establishment.objects.all()
        if e.opened_on <= d and (e.closed_on is None or e.closed_on > d)
    }


def test_proposal_reaches_20_percent_and_spreads_the_never_inspected(team):
    year = 2024
    chosen = propose(team=team, year=year)
    active_start = {
        pk
        for pk in _active(date(year, 1, 1))
        if Establishment.objects.get(pk=pk).opened_on <= date(year, 1, 1)
    }
    assert len(chosen) >= math.ceil(0.2 * len(active_start))
    never = [c for c in candidates(team=team, year=year) if c.never_inspected]
    assert sum(c.never_inspected for c in chosen) >= math.ceil(len(never) / 2)  # 2024 and 2025 left
    scores = [c.score for c in chosen]
    assert scores == sorted(scores, reverse=True)


def test_2025_plan_takes_every_establishment_never_inspected_since_2021(team):
    chosen = {c.establishment_id for c in propose(team=team, year=2025)}
    inspected = set(
        Inspection.objects.filter(inspected_on__gte=date(2021, 1, 1)).values_list(
            "establishment_id", flat=True
        )
    )
    active_2025 = {
        e.pk for e in Establishment.objects.all()
        if e.opened_on <= date(2025, 12, 31) and (e.closed_on is None or e.closed_on > date(2025, 1, 1))
    }  # fmt: skip
    assert active_2025 - inspected <= chosen


def test_coverage_matches_hand_count_and_editing(team, lead):
    plan = plan_create(actor=lead, team=team, year=2026)
    cov = coverage(plan=plan)
    planned = set(plan.items.values_list("establishment_id", flat=True))
    start = {
        e.pk
        for e in Establishment.objects.filter(opened_on__lte=date(2026, 1, 1))
        if e.closed_on is None or e.closed_on > date(2026, 1, 1)
    }
    assert cov.active_at_start == len(start)
    done = set(Inspection.objects.filter(inspected_on__year=2026).values_list("establishment_id", flat=True))
    assert cov.year_inspected_or_planned == len((planned | done) & start)
    first, second = list(plan.items.order_by("position"))[:2]
    plan_move(actor=lead, plan=plan, expected_version=1, item_id=second.pk, delta=-1)
    assert list(plan.items.order_by("position").values_list("pk", flat=True))[:2] == [second.pk, first.pk]
    with pytest.raises(Conflict):
        plan_remove(actor=lead, plan=plan, expected_version=1, item_id=first.pk)
    plan_remove(actor=lead, plan=plan, expected_version=2, item_id=first.pk)
    assert not plan.items.filter(pk=first.pk).exists()
    assert list(plan.items.values_list("position", flat=True)) == list(range(1, plan.items.count() + 1))
    plan_add(actor=lead, plan=plan, expected_version=3, establishment_id=first.establishment_id)
    with pytest.raises(PcmdError, match="đã có trong kế hoạch"):
        plan_add(actor=lead, plan=plan, expected_version=4, establishment_id=first.establishment_id)
    with pytest.raises(PcmdError, match="đã có kế hoạch kiểm tra năm 2026"):
        plan_create(actor=lead, team=team, year=2026)


def test_plan_pages(client, team, lead, django_assert_max_num_queries):
    client.force_login(lead)
    r = client.post("/establishments/plans/", {"team": team.pk, "year": 2024})
    assert r.status_code == 302
    with django_assert_max_num_queries(20):
        body = client.get(r.url).content.decode()
    assert 'id="year-share"' in body and "chỉ tiêu ≥ 20%" in body
    r = client.post("/establishments/plans/", {"team": team.pk, "year": 1990})
    assert "Năm từ 2021." in r.content.decode()
