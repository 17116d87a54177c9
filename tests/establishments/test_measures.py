"""Each measure against a count made independently, in Python, from the same rows (demo data, seed 42)."""

from collections import Counter, defaultdict
from datetime import date

import pytest

from pcmd.core.period import Period
from pcmd.establishments import measures
from pcmd.establishments.models import Establishment, EstablishmentHome, Inspection, Sanction, Violation

pytestmark = pytest.mark.django_db


def _rows():
    ests = {e.pk: e for e in Establishment.objects.all()}
    homes = defaultdict(list)
    for h in EstablishmentHome.objects.all():
        homes[h.establishment_id].append(h)
    inspections = list(Inspection.objects.values("establishment_id", "inspected_on", "unit_id", "pk"))
    return ests, homes, inspections


def _home(homes, eid, d):
    [h] = [h for h in homes[eid] if h.valid_from <= d and (h.valid_to is None or d <= h.valid_to)]
    return h.unit_id


def _active(e, d):
    return e.opened_on <= d and (e.closed_on is None or e.closed_on > d)


def test_t10_2023_share_of_establishments_active_on_1_january_inspected_in_2023():
    ests, homes, inspections = _rows()
    p = Period.parse("2023")
    active = {pk for pk, e in ests.items() if _active(e, date(2023, 1, 1))}
    inspected = {i["establishment_id"] for i in inspections if p.contains(i["inspected_on"])}
    numerator = active & inspected
    assert sum(measures.active_at_start(p).values()) == len(active)
    assert sum(measures.inspected_active_at_start(p).values()) == len(numerator)
    by_unit = Counter(_home(homes, pk, p.end) for pk in numerator)
    assert measures.inspected_active_at_start(p) == {k: float(v) for k, v in by_unit.items()}
    share = len(numerator) / len(active) * 100
    assert 20 <= share <= 40, share  # the demo's yearly reach


def test_t11_cumulative_2021_2025():
    ests, homes, inspections = _rows()
    p = Period.parse("2021..2025")
    active = {
        pk
        for pk, e in ests.items()
        if e.opened_on <= p.end and (e.closed_on is None or e.closed_on > p.start)
    }
    inspected = {i["establishment_id"] for i in inspections if p.contains(i["inspected_on"])}
    assert inspected <= active
    assert sum(measures.active_in_range(p).values()) == len(active)
    assert sum(measures.inspected_cumulative(p).values()) == len(inspected)
    by_unit = Counter(_home(homes, pk, p.end) for pk in active)
    assert measures.active_in_range(p) == {k: float(v) for k, v in by_unit.items()}
    assert 0.5 < len(inspected) / len(active) < 1  # not trivially 100%


def test_2025_h2_groups_by_the_new_communes():
    p = Period.parse("2025H2")
    result = measures.active_at_start(p)
    from pcmd.geography.models import AdminUnit

    units = AdminUnit.objects.in_bulk(list(result))
    assert all(u.valid_from == date(2025, 7, 1) or u.valid_to is not None for u in units.values())
    # Establishments still open at the period end are all in today's communes.
    still_open = measures.workers_at_active(p)
    assert all(units_ok.valid_to is None for units_ok in AdminUnit.objects.in_bulk(list(still_open)).values())


def test_inspections_violations_and_fines_by_the_unit_where_they_happened():
    p = Period.parse("2024")
    rows = list(Inspection.objects.filter(inspected_on__year=2024).values_list("unit_id", flat=True))
    assert measures.inspections(p) == {k: float(v) for k, v in Counter(rows).items()}
    vs = list(
        Violation.objects.filter(inspection__inspected_on__year=2024).values_list(
            "inspection__unit_id", "inspection__establishment_id"
        )
    )
    assert measures.violations(p) == {k: float(v) for k, v in Counter(u for u, _ in vs).items()}
    distinct = Counter(u for u, _ in set(vs))
    assert measures.establishments_with_violations(p) == {k: float(v) for k, v in distinct.items()}
    fines = defaultdict(float)
    paid = defaultdict(float)
    for s in Sanction.objects.select_related("violation__inspection"):
        if p.contains(s.decided_on):
            fines[s.violation.inspection.unit_id] += s.fine_amount
        if s.status == "paid" and s.paid_on and p.contains(s.paid_on):
            paid[s.violation.inspection.unit_id] += s.fine_amount
    assert measures.fines_imposed(p) == dict(fines)
    assert measures.fines_paid(p) == dict(paid)


def test_workers_at_active_establishments():
    ests, homes, _ = _rows()
    p = Period.parse("2023")
    total, female = Counter(), Counter()
    for pk, e in ests.items():
        if _active(e, p.end):
            total[_home(homes, pk, p.end)] += e.total_workers
            female[_home(homes, pk, p.end)] += e.female_workers
    assert measures.workers_at_active(p) == {k: float(v) for k, v in total.items()}
    assert measures.female_workers_at_active(p) == {k: float(v) for k, v in female.items()}


@pytest.mark.parametrize("name", sorted(measures.MEASURES))
def test_each_measure_is_one_query(name, django_assert_num_queries):
    with django_assert_num_queries(1):
        measures.MEASURES[name](Period.parse("2024"))
