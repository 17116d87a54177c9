"""The seeded rules (migration 0004) as specs, and a calendar without the database, for the pure clock tests."""

from importlib import import_module

from pcmd.core.calendar import WorkingCalendar
from pcmd.tips.models import ClockRule

SEED = import_module("pcmd.tips.migrations.0004_seed_rules_with_sources")
LOCAL = import_module("pcmd.core.migrations.0008_calendar_new_year_2026")


class NoDbCalendar(WorkingCalendar):
    """The package's holidays and moved days, plus the local decisions seeded by migration, without a query."""

    def _local(self, year):
        off = frozenset(d for d, k, _ in LOCAL.ROWS if k == "day_off" and d.year == year)
        work = frozenset(d for d, k, _ in LOCAL.ROWS if k == "working_day" and d.year == year)
        return off, work


CAL = NoDbCalendar()


def spec(kind, **overrides):
    return ClockRule(kind=kind, **{**SEED.RULES[kind], **overrides}).spec
