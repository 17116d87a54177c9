"""The small-cell rule for sensitive figures, in one place: a count from 1 to 4 is hidden, and when exactly one
cell among siblings is hidden, the smallest other non-zero one is hidden too, so the total cannot reveal it."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

SMALL_CELL = 5


def is_small(*values: float | None) -> bool:
    return any(v is not None and 0 < v < SMALL_CELL for v in values)


def hidden_keys[K: Hashable](sizes: Mapping[K, float], small: Iterable[K] | None = None) -> set[K]:
    """Keys to hide among siblings: the small ones (given, or found from `sizes`) and the secondary one."""
    hidden = set(small) if small is not None else {k for k, v in sizes.items() if is_small(v)}
    if len(hidden) == 1:
        rest = sorted((v, str(k), k) for k, v in sizes.items() if k not in hidden and v)
        if rest:
            hidden.add(rest[0][2])
    return hidden
