"""The measures the indicator engine can use, by name. Each registry app registers its own `MEASURES` when
Django starts (its AppConfig.ready), so the plan loader can refuse a name no module provides without importing
any registry app (core sits below them all)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Measure = Callable[[Any], dict[int, float]]

# Denominators the engine computes from the unit tree itself (no query of their own).
BUILTIN = frozenset({"geography.communes_valid", "geography.units_at_level", "core.months_in_period"})

_REGISTRY: dict[str, Measure] = {}


def register(measures: Mapping[str, Measure]) -> None:
    """Add an app's measures; a name registered twice by different functions is a programming error."""
    for name, fn in measures.items():
        if _REGISTRY.get(name, fn) is not fn:
            raise ValueError(f"measure {name} registered twice")
        _REGISTRY[name] = fn


def registered() -> Mapping[str, Measure]:
    return _REGISTRY


def known_names() -> list[str]:
    return sorted({*_REGISTRY, *BUILTIN})


def is_known(name: str) -> bool:
    return name in _REGISTRY or name in BUILTIN
