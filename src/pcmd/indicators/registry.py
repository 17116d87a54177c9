"""Every measure the engine can use, by name: the registry apps register their `MEASURES` themselves
(`core.measures`, filled by each app's AppConfig.ready), so nothing here lists them. The plan loader refuses a
numerator or denominator that names no known measure."""

from __future__ import annotations

from pcmd.core.measures import BUILTIN, Measure, is_known, registered

MEASURES = registered()

__all__ = ["BUILTIN", "MEASURES", "Measure", "available"]


def available(name: str) -> bool:
    return is_known(name)


# Denominators whose failures are final once counted (a matter settled late, a month gone without an item): a running
# period is "Không đạt" as soon as even the best case cannot reach the target (engine.Reach).
REACH = {"tips.deadline_counted": "matters", "tips.closed": "matters", "core.months_in_period": "calendar"}
