"""Communes of the province valid on any date, from one query (demo seeders pick places for dated records)."""

from __future__ import annotations

import random
from datetime import date

from pcmd.geography.models import AdminUnit


class CommunePicker:
    def __init__(self, province: str = "96") -> None:
        self._all = list(
            AdminUnit.objects.filter(level="commune", path__startswith=f"/{province}/").order_by("path")
        )
        self._by_day: dict[date, list[AdminUnit]] = {}

    def valid_on(self, on: date) -> list[AdminUnit]:
        if on not in self._by_day:
            self._by_day[on] = [u for u in self._all if u.is_valid_on(on)]
        return self._by_day[on]

    def pick(self, rng: random.Random, on: date) -> AdminUnit:
        return rng.choice(self.valid_on(on))
