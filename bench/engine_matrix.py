"""The full matrix (all indicators × all units × every year and half of 2021–2026) three ways, side by side:
this engine; a naive baseline (ORM query per unit and period); the floor (bench/floor.py: one hand-written SQL
query per measure for all periods at once, in each engine's own SQL, no roll-up). Tips and support are not seeded here: their measures run on empty tables on
both sides."""

from __future__ import annotations

import random
import statistics
import time
from datetime import date

TODAY = date(2026, 11, 29)


def wipe_registry() -> None:
    """Empty the registry between runs with plain DELETEs (no per-row signals: this is not a user's write)."""
    from pcmd.establishments.models import (
        Establishment,
        EstablishmentHome,
        Inspection,
        InspectionPlan,
        InspectionPlanItem,
        InspectionTeam,
        Sanction,
        TeamMember,
        Violation,
        WorkerReach,
    )
    from pcmd.outreach.models import (
        CommunicationActivity,
        Course,
        IndustrialZone,
        LocalPlan,
        Official,
        Participation,
        PilotModel,
        PressItem,
        School,
        SchoolYear,
        ZoneYear,
    )

    through = Inspection.members_present.through
    plans_through = LocalPlan.integrated_with.through
    reached = CommunicationActivity.establishments.through
    for model in (reached, CommunicationActivity, Participation, Course, Official, PilotModel, plans_through, LocalPlan,
                  SchoolYear, School, ZoneYear, IndustrialZone, PressItem, WorkerReach, Sanction, Violation, through,
                  InspectionPlanItem, InspectionPlan, Inspection, EstablishmentHome, Establishment, TeamMember,
                  InspectionTeam):  # fmt: skip
        qs = model.objects.all()
        qs._raw_delete(qs.db)


def seed(scale: int) -> dict:
    from pcmd.core.dataversion import bump
    from pcmd.demo.establishments import seed_establishments
    from pcmd.demo.outreach import seed_outreach, seed_outreach_registries

    wipe_registry()
    t = time.perf_counter()
    counts = seed_establishments(rng=random.Random(42), scale=scale, today=TODAY)
    counts.update(seed_outreach(rng=random.Random(42), scale=scale, today=TODAY))
    counts.update(seed_outreach_registries(rng=random.Random(42), scale=scale, today=TODAY))
    bump()
    counts["seed_seconds"] = round(time.perf_counter() - t, 1)
    return counts


def periods():
    from pcmd.core.period import Period

    years = [Period.year(y) for y in range(2021, 2027)]
    halves = [Period.half(y, h) for y in range(2021, 2027) for h in (1, 2)]
    return years + halves


def engine_run() -> int:
    from django.core.cache import cache

    from pcmd.indicators.services import MatrixRequest, matrix

    cache.clear()
    result = matrix(MatrixRequest(periods=tuple(periods())), today=TODAY)
    return len(result["cells"])


def naive_run() -> int:
    """What one would write without the engine: for each period, each unit, each measure, an ORM count."""
    from django.db.models import Q, Sum

    from pcmd.establishments.models import Establishment, WorkerReach
    from pcmd.geography.selectors import units_valid_on
    from pcmd.outreach.models import (
        CommunicationActivity,
        LocalPlan,
        Official,
        PilotModel,
        PressItem,
        SchoolYear,
        ZoneYear,
    )

    cells = 0
    for p in periods():
        on = min(p.end, TODAY)
        communes = list(units_valid_on(on=on, level="commune", province="96"))
        for u in communes:
            home = Q(homes__unit=u, homes__valid_from__lte=p.end) & (
                Q(homes__valid_to__isnull=True) | Q(homes__valid_to__gte=p.end)
            )
            start = Q(opened_on__lte=p.start) & (Q(closed_on__isnull=True) | Q(closed_on__gt=p.start))
            during = Q(opened_on__lte=p.end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=p.start))
            insp = Q(inspections__inspected_on__gte=p.start, inspections__inspected_on__lte=p.end)
            Establishment.objects.filter(home, start).count()
            Establishment.objects.filter(home, start, insp).distinct().count()
            Establishment.objects.filter(home, during).count()
            Establishment.objects.filter(home, insp).distinct().count()
            activities = CommunicationActivity.objects.filter(
                unit=u, held_on__gte=p.start, held_on__lte=p.end
            )
            len({(d.year, (d.month - 1) // 3) for d in activities.values_list("held_on", flat=True)})
            years = Q(year__gte=p.start.year, year__lte=p.end.year)
            active_end = Q(opened_on__lte=p.end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=p.end))
            sum(
                r.workers_reached
                for r in WorkerReach.objects.filter(
                    years, establishment__in=Establishment.objects.filter(home, active_end)
                )
            )
            Establishment.objects.filter(home, active_end).aggregate(Sum("total_workers"))
            ZoneYear.objects.filter(years, zone__unit=u).aggregate(Sum("workers"), Sum("workers_reached"))
            SchoolYear.objects.filter(years, school__unit=u).aggregate(
                Sum("enrolled"), Sum("students_reached")
            )
            LocalPlan.objects.filter(years, unit=u, activities_organised=True).exists()
            LocalPlan.objects.filter(years, unit=u, integrated_with__isnull=False).exists()
            PilotModel.objects.filter(unit=u, started_on__lte=p.end).exists()
            roster = Official.objects.filter(unit=u, active_from__lte=p.end)
            roster.count()
            roster.filter(participations__isnull=False).distinct().count()
            cells += 10
        PressItem.objects.filter(
            published_on__gte=p.start, published_on__lte=p.end, outlet__press_agency=True
        ).dates("published_on", "month").count()
        cells += 3 * 10  # districts and the province, rolled up in Python from the counts above
    return cells


def floor_run() -> int:
    from bench import floor

    return floor.run(periods())


def _time(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def run(scales: tuple[int, ...] = (1, 10)) -> dict:
    summary, table, samples = (
        {},
        [
            f"{'scale':<7}{'engine s':>10}{'floor s':>10}{'naive s':>10}{'engine/floor':>14}{'naive/engine':>14}"
        ],
        {},
    )
    for scale in scales:
        counts = seed(scale)
        engine_run()  # warm the unit tree (built once per process)
        eng = _time(engine_run, 5)
        flo = _time(floor_run, 5)
        nai = _time(naive_run, 1 if scale > 1 else 2)
        e, f, n = statistics.median(eng), statistics.median(flo), statistics.median(nai)
        summary[f"scale_{scale}"] = {**counts, "engine_s": round(e, 3), "floor_s": round(f, 3), "naive_s": round(n, 3),
                                     "engine_over_floor": round(e / f, 2), "naive_over_engine": round(n / e, 1),
                                     "cells": engine_run()}  # fmt: skip
        samples[f"scale_{scale}"] = {"engine": eng, "floor": flo, "naive": nai}
        table.append(f"{scale:<7}{e:>10.3f}{f:>10.3f}{n:>10.2f}{e / f:>14.2f}{n / e:>14.1f}")
    return {"summary": summary, "table": table, "samples": samples}
