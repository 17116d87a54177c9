"""Every measure the engine can use, by name. Registry modules contribute `MEASURES`; names the plan file uses
but no module provides yet are reported as "no source" rather than guessed."""

from __future__ import annotations

from collections.abc import Callable

from pcmd.core.period import Period
from pcmd.establishments.measures import MEASURES as ESTABLISHMENT_MEASURES
from pcmd.outreach.measures import MEASURES as OUTREACH_MEASURES
from pcmd.support.measures import MEASURES as SUPPORT_MEASURES  # counts only (DESIGN §4)
from pcmd.tips.measures import MEASURES as TIP_MEASURES

Measure = Callable[[Period], dict[int, float]]

# Denominators the engine computes from the unit tree itself (no query per measure).
BUILTIN = {"geography.communes_valid", "geography.units_at_level", "core.months_in_period"}

MEASURES: dict[str, Measure] = {
    **ESTABLISHMENT_MEASURES,
    **OUTREACH_MEASURES,
    **TIP_MEASURES,
    **SUPPORT_MEASURES,
}


def available(name: str) -> bool:
    return name in MEASURES or name in BUILTIN
